using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>Invitation links: Recovery:PublicBaseUrl, as every mailed link (<see cref="RecoveryLinks"/>), then the activation's route.</summary>
public sealed class ActivationLinks(IOptions<RecoveryOptions> options) : IActivationLinks
{
    public Uri ActivationLink(string invitationId, string token) =>
        new((options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Recovery:PublicBaseUrl is not set.")).TrimEnd('/')
            + Routes.ActivationLinkFor(invitationId, token));
}
