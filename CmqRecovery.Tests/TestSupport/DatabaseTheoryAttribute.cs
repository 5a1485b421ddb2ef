using System.Reflection;
using CmqRecovery.Core.Data;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// A test that touches the database, run on every provider, in one of two ways:
/// <list type="bullet">
/// <item>its first parameter is a <see cref="DatabaseProvider"/>: one case per provider and per [DatabaseData] row;</item>
/// <item>its class carries [OnDatabase(provider)] (a derived class per provider of an abstract suite, e.g. the bUnit
/// tests): one case per [InlineData] row, on that class's provider.</item>
/// </list>
/// The PostgreSQL cases are skipped with a hint when no server answers, except under CI=true, where they run and fail
/// with that hint (as the browser tests do).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("CmqRecovery.Tests.TestSupport.DatabaseTheoryDiscoverer", "CmqRecovery.Tests")]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;

/// <summary>A parameterless test in an [OnDatabase] class: runs on that class's provider, skipped like a <see cref="DatabaseTheoryAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("CmqRecovery.Tests.TestSupport.DatabaseTheoryDiscoverer", "CmqRecovery.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>Every provider, for the rare test that loops over them itself.</summary>
public static class DatabaseProviders
{
    public static IReadOnlyList<DatabaseProvider> All { get; } = Enum.GetValues<DatabaseProvider>();

    /// <summary>Why a PostgreSQL case does not run here, or null when it runs.</summary>
    public static string? SkipReason(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql && !PostgreSqlTestServer.Available && !BrowserAvailability.RunningInCi
            ? PostgreSqlTestServer.UnavailableHint
            : null;
}

public sealed class DatabaseTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var method = testMethod.Method.ToRuntimeMethod();
        var rows = method.GetCustomAttributes<DataAttribute>().SelectMany(data => data.GetData(method)).ToList();
        var onClass = testMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<OnDatabaseAttribute>();
        var parameters = method.GetParameters();
        var takesProvider = parameters.Length > 0 && parameters[0].ParameterType == typeof(DatabaseProvider);
        if (takesProvider == (onClass is not null))
        {
            return [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                $"[DatabaseTheory] {method.Name}: take a {nameof(DatabaseProvider)} as first parameter, or put the test in a class marked [OnDatabase], not both.")];
        }

        var cases = new List<IXunitTestCase>();
        foreach (var provider in onClass is null ? DatabaseProviders.All : [onClass.Provider])
        {
            var skip = DatabaseProviders.SkipReason(provider);
            foreach (var row in rows.Count == 0 ? [[]] : rows)
            {
                object?[]? arguments = takesProvider ? [provider, .. row] : row.Length == 0 ? null : row;
                cases.Add(skip is null
                    ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, arguments!)
                    : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skip, arguments!));
            }
        }

        return cases;
    }
}

/// <summary>
/// One data row of a <see cref="DatabaseTheoryAttribute"/> test, without the provider (the theory adds it in front).
/// Its own attribute, not [InlineData], because xunit's analyzer counts [InlineData] values against every parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DatabaseDataAttribute(params object?[]? values) : DataAttribute
{
    // [DatabaseData(null)] passes a null array: it means one null value, as with [InlineData(null)].
    public IReadOnlyList<object?> Values { get; } = values ?? [null];

    public override IEnumerable<object?[]> GetData(MethodInfo testMethod) => [[.. Values]];
}

/// <summary>The provider of every test in a derived class of an abstract, provider-neutral suite.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OnDatabaseAttribute(DatabaseProvider provider) : Attribute
{
    public DatabaseProvider Provider { get; } = provider;

    public static DatabaseProvider Of(Type testClass) =>
        testClass.GetCustomAttribute<OnDatabaseAttribute>()?.Provider
        ?? throw new InvalidOperationException($"{testClass.Name} needs [OnDatabase(...)]: derive one class per provider.");
}
