using System.Text.Json.Serialization;

namespace UnityVideo.Host.Benchmarks;

/// <summary>Figures of <see cref="SamplingBenchmark"/>; JSON names are the documented snake_case fields.</summary>
public sealed record SamplingBenchmarkResult
{
    /// <summary>Always "sample".</summary>
    [JsonPropertyName("kind")] public string Kind => "sample";

    /// <summary>Model preset.</summary>
    [JsonPropertyName("preset")] public required string Preset { get; init; }

    /// <summary>Torch device.</summary>
    [JsonPropertyName("device")] public required string Device { get; init; }

    /// <summary>Torch intra-op threads.</summary>
    [JsonPropertyName("threads")] public required int Threads { get; init; }

    /// <summary>Clips sampled together per run.</summary>
    [JsonPropertyName("batch")] public required int Batch { get; init; }

    /// <summary>The modality generated with RGB, or estimated from it.</summary>
    [JsonPropertyName("modality")] public required string Modality { get; init; }

    /// <summary>Clip shape "T×H×W".</summary>
    [JsonPropertyName("clip")] public required string Clip { get; init; }

    /// <summary>Solver (euler or heun).</summary>
    [JsonPropertyName("sampler")] public required string Sampler { get; init; }

    /// <summary>Classifier-free guidance scale (≠ 1 doubles the joint-generation batch).</summary>
    [JsonPropertyName("cfg_scale")] public required double CfgScale { get; init; }

    /// <summary>Timed runs per figure after a warm-up.</summary>
    [JsonPropertyName("repeats")] public required int Repeats { get; init; }

    /// <summary>Joint generation of RGB + the modality: median seconds per clip at 10 sampler steps.</summary>
    [JsonPropertyName("s_per_clip_10")] public required double SecondsPerClip10 { get; init; }

    /// <summary>Joint generation: median seconds per clip at 20 sampler steps.</summary>
    [JsonPropertyName("s_per_clip_20")] public required double SecondsPerClip20 { get; init; }

    /// <summary>Estimation of the modality from RGB: median seconds per clip at 10 sampler steps.</summary>
    [JsonPropertyName("estimation_s_per_clip_10")] public required double EstimationSecondsPerClip10 { get; init; }

    /// <summary>Estimation: median seconds per clip at 20 sampler steps.</summary>
    [JsonPropertyName("estimation_s_per_clip_20")] public required double EstimationSecondsPerClip20 { get; init; }

    /// <summary>Peak resident memory of the process in MiB.</summary>
    [JsonPropertyName("peak_rss_mb")] public required double PeakRssMegabytes { get; init; }
}
