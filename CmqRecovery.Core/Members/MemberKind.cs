namespace CmqRecovery.Core.Members;

public enum MemberKind
{
    Physician,
    Resident,
    Student,
    Other,
}
