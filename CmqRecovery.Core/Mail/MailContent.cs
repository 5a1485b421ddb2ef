namespace CmqRecovery.Core.Mail;

public sealed record MailContent(string Subject, string TextBody, string HtmlBody);
