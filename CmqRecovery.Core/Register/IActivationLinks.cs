namespace CmqRecovery.Core.Register;

/// <summary>Where an invitation's link points: the web app owns the route and the public base URL.</summary>
public interface IActivationLinks
{
    Uri ActivationLink(string invitationId, string token);
}
