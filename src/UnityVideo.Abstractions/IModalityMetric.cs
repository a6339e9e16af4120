using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>
/// Scores a predicted modality against a reference, both in stored form. Implementations document the exact
/// formula of every number they return, and return defined values (never NaN) for degenerate inputs.
/// </summary>
public interface IModalityMetric
{
    /// <summary>The modality scored (a <see cref="ModalityDescriptor.Name"/>).</summary>
    string Modality { get; }

    /// <summary>
    /// Names of the numbers <see cref="Score"/> returns, e.g. "abs_rel", "delta1". The first is the modality's headline
    /// metric: learning curves (<c>eval curve</c>) follow it.
    /// </summary>
    IReadOnlyList<string> MetricNames { get; }

    /// <summary>Scores one clip.</summary>
    /// <param name="prediction">Predicted stored form.</param>
    /// <param name="reference">Reference stored form, same shape.</param>
    /// <param name="options">Metric options by name (e.g. "align" = "scale-shift"); may be empty.</param>
    IReadOnlyDictionary<string, double> Score(torch.Tensor prediction, torch.Tensor reference, IReadOnlyDictionary<string, string> options);
}
