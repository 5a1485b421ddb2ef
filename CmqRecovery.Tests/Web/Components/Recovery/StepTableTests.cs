using System.Reflection;
using System.Text.RegularExpressions;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.AspNetCore.Components;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>The steps are described once, in StepTable; the docs' tables must say the same.</summary>
public sealed class StepTableTests
{
    [Fact]
    public void StepTable_EveryStep_HasExactlyOneRowAndTheNumbersRunFromOne()
    {
        var fields = typeof(StepTable).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(StepDescription)).ToList();

        Assert.Equal(fields.Select(f => f.Name), StepTable.All.Select(s => s.Name));
        Assert.All(fields, f => Assert.Same(f.GetValue(null), StepTable.All.Single(s => s.Name == f.Name)));
        Assert.Equal(StepTable.All.Count, StepTable.All.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, StepTable.Numbered.Count), StepTable.Numbered.Select(s => s.Number!.Value));
        Assert.All(StepTable.Numbered, s => Assert.False(string.IsNullOrEmpty(s.TitleKey)));
    }

    [Fact]
    public void StepTable_EveryStepComponent_HasARow()
    {
        var components = typeof(IdentifyStep).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(IdentifyStep).Namespace && typeof(IComponent).IsAssignableFrom(t));

        Assert.Equal(components.Select(t => t.Name).Order(), StepTable.All.Select(s => s.Component.Name).Distinct().Order());
    }

    [Fact]
    public void StepTable_EveryRow_IsEnteredByTheWebProject()
    {
        // Every row is a place the wizard can be: a page starts there, or a step or the step base moves there.
        var web = Path.Combine(Repository.Root, "CmqRecovery.Web");
        var sources = string.Join('\n', Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || (f.EndsWith(".cs", StringComparison.Ordinal) && !f.EndsWith("StepTable.cs", StringComparison.Ordinal)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var entered = Regex.Matches(sources, @"\b(?:GoTo|Start|Next)\([^;]*?StepTable\.(\w+)").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.All(StepTable.All, s => Assert.Contains(s.Name, entered));
    }

    [Fact]
    public void ProcedureDoc_WizardSteps_MatchTheStepTable()
    {
        // | Procedure step | Wizard step | What the member does | Route | Component | Core use case | Departure and why |
        var rows = TableRows("docs/PROCEDURE.md", "| Procedure step | Wizard step |");

        var documented = rows.Where(r => int.TryParse(r[1], out _)).Select(r => (Procedure: int.Parse(r[0]), Number: int.Parse(r[1]), Component: r[4])).ToList();

        Assert.Equal(StepTable.Numbered.Select(s => (s.ProcedureStep, s.Number!.Value)), documented.Select(d => (d.Procedure, d.Number)));
        Assert.All(StepTable.Numbered.Zip(documented), pair => Assert.Contains(pair.First.Component.Name + ".razor", pair.Second.Component));
    }

    [Fact]
    public void ReadmeScreenshots_WizardSteps_MatchTheStepTable()
    {
        // | Procedure step | Wizard step | Screen | Français | English |
        var rows = TableRows("README.md", "| Procedure step | Wizard step | Screen |");
        var table = StepTable.Numbered.ToDictionary(s => s.ProcedureStep, s => s.Number!.Value);

        var numbered = rows.Where(r => int.TryParse(r[1], out _)).ToList();

        Assert.NotEmpty(numbered);
        Assert.All(numbered, r => Assert.Equal(table[int.Parse(r[0])], int.Parse(r[1])));
        Assert.Equal(table.Values.Order(), numbered.Select(r => int.Parse(r[1])).Distinct().Order());
    }

    /// <summary>The cells of each body row of the Markdown table whose header starts with <paramref name="header"/>.</summary>
    private static List<string[]> TableRows(string file, string header)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, file));
        var start = Array.FindIndex(lines, l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, $"No table starting with '{header}' in {file}.");
        return lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }
}
