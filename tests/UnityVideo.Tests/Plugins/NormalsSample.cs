using UnityVideo.Abstractions;
using UnityVideo.Host;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

/// <summary>The normals sample plugin, loaded through the real host from its build output as a user adds it.</summary>
internal static class NormalsSample
{
    /// <summary>artifacts/samples/plugins: the plugin directory a user names in Plugins:Directories.</summary>
    public static string PluginDirectory => Path.GetDirectoryName(RepoPaths.SamplePlugin("Normals"))!;

    private static readonly Lazy<UnityVideoStartup> Host = new(() => HostFactory.Start(HostFactory.OnlyPlugins(PluginDirectory)));

    public static ModalityDescriptor Modality => Host.Value.Catalog.All.Get("normals");

    public static IModalityMetric Metric => Host.Value.Modalities.MetricsFor("normals").Single();

    public static IModalityVisualizer Visualizer => Modality.Visualizer ?? throw new InvalidOperationException("normals has no visualizer");

    public static IAnnotator GroundTruthAnnotator => Host.Value.Catalog.All.AnnotatorsFor("normals").Single(a => a.Name == "synthetic-gt");
}
