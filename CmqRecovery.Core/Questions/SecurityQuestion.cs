namespace CmqRecovery.Core.Questions;

/// <summary>One question of the bilingual catalogue.</summary>
public sealed class SecurityQuestion
{
    public int Id { get; set; }
    public required string TextFr { get; set; }
    public required string TextEn { get; set; }
}
