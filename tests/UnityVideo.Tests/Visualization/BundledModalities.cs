using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Visualization;

/// <summary>The bundled plugins' modalities, loaded once the way the CLI loads them.</summary>
internal static class BundledModalities
{
    private static readonly Lazy<ModalityRegistry> Registry = new(() => HostFactory.Start().Modalities);

    public static ModalityDescriptor Get(string name) => Registry.Value.Get(name);

    public static IModalityVisualizer Visualizer(string name) =>
        Get(name).Visualizer ?? throw new InvalidOperationException($"modality '{name}' has no visualizer");

    public static IAnnotator Annotator(string modality, string name) =>
        Registry.Value.AnnotatorsFor(modality).Single(a => a.Name == name);

    public static IModalityMetric Metric(string modality) => Registry.Value.MetricsFor(modality).Single();

    public static ClipContext Context(int frames, int height, int width) => new() { Frames = frames, Height = height, Width = width };
}
