using UnityVideo.Core.Model;

namespace UnityVideo.Tests.Architecture;

/// <summary>Core is built in layers: no namespace of it uses another that (directly or not) uses it back.</summary>
public sealed class CoreLayerTests
{
    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(DiTConfig).Assembly, "UnityVideo.Core");

        Assert.True(graph.Edges.Count > 5, "the graph sees Core's namespaces");
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "namespace cycles in Core:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_check_finds_a_cycle_that_only_a_method_body_closes()
    {
        var graph = NamespaceGraph.Of(typeof(CoreLayerTests).Assembly, "UnityVideo.Tests.Architecture.CycleSample");

        var cycle = Assert.Single(graph.Cycles());
        Assert.Contains("Lower → Upper (Callee uses Caller)", cycle, StringComparison.Ordinal);
        Assert.Contains("Upper → Lower (Caller uses Callee)", cycle, StringComparison.Ordinal);
    }
}
