namespace CmqRecovery.Core.Staff;

/// <summary>How the agent made sure the caller is the member before proposing a new email (chosen from this list, audited).</summary>
public enum EmailChangeVerification
{
    /// <summary>Called the member back at the phone number the Collège has on file.</summary>
    CalledBackNumberOnFile,

    /// <summary>Saw an identity document (in person or by video).</summary>
    IdentityDocumentSeen,

    /// <summary>A signed written request, checked against the member's file.</summary>
    SignedWrittenRequest,
}
