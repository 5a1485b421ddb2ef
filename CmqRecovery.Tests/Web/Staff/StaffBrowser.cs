using System.Net;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>Signing a test client in to the console through the development provider's posted form, or as a member.</summary>
public static class StaffBrowser
{
    public const string SignIn = "/soutien/connexion";

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string identity = "agent1")
    {
        var response = await RecoveryWebFactory.PostFormAsync(client, SignIn, new Dictionary<string, string> { ["identity"] = identity });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    public static async Task SignInAsMemberAsync(HttpClient client)
    {
        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    /// <summary>Where a refused console request was sent: the staff sign-in, never the member's.</summary>
    public static void AssertSentToStaffSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(SignIn, location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
    }
}
