using System.Text.Json.Serialization;

namespace UnityVideo.Host.Ablation;

/// <summary>
/// One trained and measured arm configuration at one seed, as stored in <c>runs/&lt;key&gt;/result.json</c>. A later
/// table (or a rerun) whose arm resolves to the same configuration, seed, steps and measurement settings reuses it.
/// </summary>
public sealed record AblationRun
{
    /// <summary>Hash of the run's resolved configuration (plugin settings included), its seed, and whether its data has quadrupeds.</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }

    /// <summary>Training steps.</summary>
    [JsonPropertyName("steps")] public required int Steps { get; init; }

    /// <summary>Seed of weights, task draws and noise.</summary>
    [JsonPropertyName("seed")] public required int Seed { get; init; }

    /// <summary>Measurement settings the metrics were taken with (clips, sampler steps, probe).</summary>
    [JsonPropertyName("measure")] public required string Measure { get; init; }

    /// <summary>Training data folder (relative to the study folder).</summary>
    [JsonPropertyName("data")] public required string Data { get; init; }

    /// <summary>Metric name → value.</summary>
    [JsonPropertyName("metrics")] public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Wall-clock seconds of training and measuring.</summary>
    [JsonPropertyName("train_seconds")] public double TrainSeconds { get; init; }

    /// <summary>Wall-clock seconds of measuring.</summary>
    [JsonPropertyName("measure_seconds")] public double MeasureSeconds { get; init; }
}
