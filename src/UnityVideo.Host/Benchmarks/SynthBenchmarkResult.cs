using System.Text.Json.Serialization;

namespace UnityVideo.Host.Benchmarks;

/// <summary>Figures of <see cref="SynthBenchmark"/>; JSON names are the documented snake_case fields.</summary>
public sealed record SynthBenchmarkResult
{
    /// <summary>Always "synth".</summary>
    [JsonPropertyName("kind")] public string Kind => "synth";

    /// <summary>Clips rendered in parallel (at most).</summary>
    [JsonPropertyName("threads")] public required int Threads { get; init; }

    /// <summary>Timed batches per size after a warm-up.</summary>
    [JsonPropertyName("repeats")] public required int Repeats { get; init; }

    /// <summary>Clips per timed batch at 64²×8.</summary>
    [JsonPropertyName("clips_64x8")] public required int Clips64 { get; init; }

    /// <summary>Clips per timed batch at 256²×16.</summary>
    [JsonPropertyName("clips_256x16")] public required int Clips256 { get; init; }

    /// <summary>Clips (RGB + all five modalities' ground truth) per second at 64²×8, median batch.</summary>
    [JsonPropertyName("clips_per_s_64x8")] public required double ClipsPerSecond64 { get; init; }

    /// <summary>Clips per second at 256²×16, median batch.</summary>
    [JsonPropertyName("clips_per_s_256x16")] public required double ClipsPerSecond256 { get; init; }

    /// <summary>Peak resident memory of the process in MiB.</summary>
    [JsonPropertyName("peak_rss_mb")] public required double PeakRssMegabytes { get; init; }
}
