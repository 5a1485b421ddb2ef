namespace CmqRecovery.Core.Recovery;

public enum LinkStatus
{
    Valid,
    Invalid,
    Expired,
    Used,
    Superseded,
}

/// <summary>The one rule for whether a request may still be used: unconsumed, not superseded, unexpired.</summary>
public sealed class LinkValidator(TimeProvider time)
{
    public LinkStatus Check(RecoveryRequest request) => MailedLink.StatusAt(request, time.GetUtcNow());
}
