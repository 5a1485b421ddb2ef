namespace CmqRecovery.Core.Account;

/// <summary>The signed-in member acting on « Mon compte », and the sign-in session (<see cref="SignIn.SignInSession"/>) they act from.</summary>
public sealed record AccountSession(Guid MemberId, string SessionId);
