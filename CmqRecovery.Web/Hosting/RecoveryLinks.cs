using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>Mailed links: Recovery:PublicBaseUrl (never a request's Host header) followed by one of <see cref="Routes"/>.</summary>
public sealed class RecoveryLinks(IOptions<RecoveryOptions> options) : IRecoveryLinks
{
    public Uri ResetLink(string requestId, string token) => At(Routes.ResetLinkFor(requestId, token));

    public Uri SignIn => At(Routes.SignIn);

    public Uri Recovery => At(Routes.Recovery);

    private Uri At(string path) =>
        new((options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Recovery:PublicBaseUrl is not set.")).TrimEnd('/') + path);
}
