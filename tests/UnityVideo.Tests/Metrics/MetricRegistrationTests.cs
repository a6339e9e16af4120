namespace UnityVideo.Tests.Metrics;

public sealed class MetricRegistrationTests
{
    [Theory]
    [InlineData("depth", "Depth", new[] { "abs_rel", "delta1" })]
    [InlineData("flow", "Flow", new[] { "epe", "px1", "px3" })]
    [InlineData("segmentation", "Segmentation", new[] { "miou", "map" })]
    [InlineData("skeleton", "Skeleton", new[] { "pck@0.1", "pck@0.05" })]
    [InlineData("densepose", "DensePose", new[] { "part_miou", "uv_l1" })]
    public void Each_bundled_plugin_registers_its_metric_with_the_documented_names(string modality, string plugin, string[] names)
    {
        var metric = MetricKit.For(modality);

        Assert.Equal(modality, metric.Modality);
        Assert.Equal(names, metric.MetricNames);
        // Loaded from the plugin's own assembly in the bundled plugin folder, not compiled into the host.
        var assembly = metric.GetType().Assembly.Location;
        Assert.StartsWith(Path.Combine(RepoPaths.BundledPlugins, plugin) + Path.DirectorySeparatorChar, assembly, StringComparison.Ordinal);
    }
}
