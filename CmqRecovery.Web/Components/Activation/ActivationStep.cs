namespace CmqRecovery.Web.Components.Activation;

/// <summary>Where the activation page stands: it holds the opened invitation's grant and nothing else.</summary>
public enum ActivationStep
{
    Checking,
    Refused,
    Questions,
    Password,
    Done,
}
