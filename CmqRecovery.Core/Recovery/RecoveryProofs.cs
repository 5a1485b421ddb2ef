using CmqRecovery.Core.Questions;

namespace CmqRecovery.Core.Recovery;

// Proofs handed from one use case to the next. Their constructors are internal, so the web layer can carry
// them through a circuit but cannot make one up: a step cannot be reached without passing the one before.

/// <summary>Someone who passed procedure step 2: a member, or a decoy for an unknown identifier (indistinguishable outside Core).</summary>
public sealed class RecoverySubject
{
    internal RecoverySubject(string subjectKey, Guid? memberId, QuestionPrompt first, QuestionPrompt second)
    {
        SubjectKey = subjectKey;
        MemberId = memberId;
        First = first;
        Second = second;
    }

    internal string SubjectKey { get; }
    internal Guid? MemberId { get; }

    public QuestionPrompt First { get; internal set; }
    public QuestionPrompt Second { get; internal set; }
}

/// <summary>A member who answered two questions at procedure step 3; good for one email confirmation.</summary>
public sealed class VerifiedIdentity
{
    private int _used;

    internal VerifiedIdentity(Guid memberId, string maskedEmail)
    {
        MemberId = memberId;
        MaskedEmail = maskedEmail;
    }

    internal Guid MemberId { get; }

    /// <summary>The seed's mask, e.g. <c>m*****y@example.org</c>.</summary>
    public string MaskedEmail { get; }

    internal bool TryUse() => Interlocked.Exchange(ref _used, 1) == 0;
}

/// <summary>A valid link: its request, and the subject who must answer again (procedure step 7).</summary>
public sealed class OpenedLink
{
    internal OpenedLink(string requestId, RecoverySubject subject)
    {
        RequestId = requestId;
        Subject = subject;
    }

    internal string RequestId { get; }
    public RecoverySubject Subject { get; }
}

/// <summary>A link whose holder answered again: may set a password once, while the request stays valid.</summary>
public sealed class ResetAuthorization
{
    internal ResetAuthorization(string requestId, Guid memberId)
    {
        RequestId = requestId;
        MemberId = memberId;
    }

    internal string RequestId { get; }
    internal Guid MemberId { get; }
}
