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

    /// <summary>
    /// The same measurement of the run's earlier checkpoints (<c>ablate --curve-every</c>), oldest first; the last
    /// point of the curve is <see cref="Metrics"/> at <see cref="Steps"/>. Null when no curve was asked for.
    /// </summary>
    [JsonPropertyName("curve")] public IReadOnlyList<AblationCurvePoint>? Curve { get; init; }
}

/// <summary>One measured checkpoint of an ablation run.</summary>
/// <param name="Step">Steps its (EMA) weights were trained for.</param>
/// <param name="Metrics">Metric name → value, measured as the run's final model is.</param>
public sealed record AblationCurvePoint(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics);
