using System.Text.Json.Serialization;

namespace UnityVideo.Host.Benchmarks;

/// <summary>Figures of <see cref="TrainStepBenchmark"/>; JSON names are the documented snake_case fields.</summary>
public sealed record TrainBenchmarkResult
{
    /// <summary>Always "train".</summary>
    [JsonPropertyName("kind")] public string Kind => "train";

    /// <summary>Model preset.</summary>
    [JsonPropertyName("preset")] public required string Preset { get; init; }

    /// <summary>Torch device.</summary>
    [JsonPropertyName("device")] public required string Device { get; init; }

    /// <summary>Torch intra-op threads.</summary>
    [JsonPropertyName("threads")] public required int Threads { get; init; }

    /// <summary>Clips per step.</summary>
    [JsonPropertyName("batch")] public required int Batch { get; init; }

    /// <summary>The modality trained beside RGB (joint generation).</summary>
    [JsonPropertyName("modality")] public required string Modality { get; init; }

    /// <summary>Model parameters.</summary>
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }

    /// <summary>Timed steps after the warm-up.</summary>
    [JsonPropertyName("repeats")] public required int Repeats { get; init; }

    /// <summary>Video tokens per step: batch × streams × T·(H/P)·(W/P).</summary>
    [JsonPropertyName("tokens_per_step")] public required long TokensPerStep { get; init; }

    /// <summary>Model GFLOP per step (analytic, 3 × forward).</summary>
    [JsonPropertyName("gflop_per_step")] public required double GflopPerStep { get; init; }

    /// <summary>Median milliseconds per step.</summary>
    [JsonPropertyName("ms_per_step")] public required double MsPerStep { get; init; }

    /// <summary>Fastest step in milliseconds.</summary>
    [JsonPropertyName("ms_per_step_min")] public required double MsPerStepMin { get; init; }

    /// <summary>tokens_per_step / median step time.</summary>
    [JsonPropertyName("tokens_per_s")] public required double TokensPerSecond { get; init; }

    /// <summary>Achieved model GFLOP/s: gflop_per_step / median step time.</summary>
    [JsonPropertyName("gflops")] public required double Gflops { get; init; }

    /// <summary>fp32 matmul GFLOP/s of the same device, measured in the same run.</summary>
    [JsonPropertyName("matmul_gflops")] public required double MatmulGflops { get; init; }

    /// <summary>Model-FLOP utilisation: gflops / matmul_gflops.</summary>
    [JsonPropertyName("mfu")] public required double Mfu { get; init; }

    /// <summary>Peak resident memory of the process in MiB.</summary>
    [JsonPropertyName("peak_rss_mb")] public required double PeakRssMegabytes { get; init; }
}
