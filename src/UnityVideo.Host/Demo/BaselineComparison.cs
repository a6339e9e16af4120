namespace UnityVideo.Host.Demo;

/// <summary>One model metric next to the same metric of a trivial prediction.</summary>
/// <param name="Modality">The modality scored.</param>
/// <param name="Metric">Metric name, e.g. abs_rel.</param>
/// <param name="Baseline">Trivial prediction, e.g. constant or zero.</param>
/// <param name="Model">The model's value.</param>
/// <param name="BaselineValue">The trivial prediction's value.</param>
/// <param name="ModelBetter">Whether the model beats the baseline on this metric.</param>
public sealed record BaselineComparison(string Modality, string Metric, string Baseline, double Model, double BaselineValue, bool ModelBetter);
