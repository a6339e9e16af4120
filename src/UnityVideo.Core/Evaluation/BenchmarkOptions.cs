using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Evaluation;

/// <summary>Settings of one <see cref="Benchmark"/> run.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Folder for report.json, report.md and panels/ (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Evaluate the first N clips of the dataset; 0 evaluates all.</summary>
    public int Clips { get; init; }

    /// <summary>Modalities to evaluate (null: every modality of the checkpoint); others are skipped.</summary>
    public IReadOnlyList<string>? Modalities { get; init; }

    /// <summary>Sampler for every task.</summary>
    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>Seed of clip i's noise is Seed + i.</summary>
    public long Seed { get; init; }

    /// <summary>Clips (from the first) that get GIF/PNG panels.</summary>
    public int PanelClips { get; init; } = 2;

    /// <summary>
    /// Also write each animated panel as H.264 MP4 (beside the GIF), which needs the system's ffmpeg; checked before
    /// any clip is evaluated.
    /// </summary>
    public bool VideoPanels { get; init; } = true;

    /// <summary>Options passed to each modality's metrics (metrics reject options they do not know).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> MetricOptions { get; init; } = DefaultMetricOptions;

    /// <summary>Replace an existing report in <see cref="OutputDirectory"/>.</summary>
    public bool Force { get; init; }

    /// <summary>Depth is scored after a scale-and-shift fit in disparity (relative depth); the rest with defaults.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DefaultMetricOptions { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["depth"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["align"] = "scale-shift" },
        };
}
