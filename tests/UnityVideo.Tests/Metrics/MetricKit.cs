using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Metrics;

/// <summary>The bundled metrics, loaded through the host from the plugin assemblies, and small tensor builders.</summary>
internal static class MetricKit
{
    private static readonly Lazy<ModalityRegistry> Registry = new(() => HostFactory.Start().Modalities);

    public static ModalityRegistry Modalities => Registry.Value;

    /// <summary>The one metric registered for <paramref name="modality"/>.</summary>
    public static IModalityMetric For(string modality) => Modalities.MetricsFor(modality).Single();

    public static IReadOnlyDictionary<string, double> Score(string modality, torch.Tensor pred, torch.Tensor gt, params (string Key, string Value)[] options) =>
        For(modality).Score(pred, gt, options.ToDictionary(o => o.Key, o => o.Value));

    public static torch.Tensor F32(float[] values, params long[] shape) => torch.tensor(values, torch.float32).reshape(shape);

    public static torch.Tensor U8(byte[] values, params long[] shape) => torch.tensor(values, torch.uint8).reshape(shape);

    /// <summary>Every returned number is finite (no NaN or infinity leaks out).</summary>
    public static void AssertFinite(IReadOnlyDictionary<string, double> scores) =>
        Assert.All(scores, kv => Assert.True(double.IsFinite(kv.Value), $"{kv.Key} = {kv.Value}"));
}
