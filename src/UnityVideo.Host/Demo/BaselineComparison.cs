namespace UnityVideo.Host.Demo;

/// <summary>One model metric next to the same metric of a baseline: a trivial prediction, or the model's estimate from another clip's RGB.</summary>
/// <param name="Modality">The modality scored.</param>
/// <param name="Metric">Metric name, e.g. abs_rel.</param>
/// <param name="Baseline">Baseline name: constant, zero, or other-clip.</param>
/// <param name="Model">The model's value.</param>
/// <param name="BaselineValue">The baseline's value.</param>
/// <param name="ModelBetter">Whether the model beats the baseline on this metric.</param>
public sealed record BaselineComparison(string Modality, string Metric, string Baseline, double Model, double BaselineValue, bool ModelBetter);
