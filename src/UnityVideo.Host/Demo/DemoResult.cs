using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Training;

namespace UnityVideo.Host.Demo;

/// <summary>Where the demo wrote its outputs and what it measured.</summary>
public sealed record DemoResult
{
    /// <summary>The demo folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The demo's summary (training, evaluation against baselines, panels).</summary>
    public required string ReportPath { get; init; }

    /// <summary>The training run.</summary>
    public required TrainingResult Training { get; init; }

    /// <summary>The UniBench evaluation of the trained model on held-out clips.</summary>
    public required BenchmarkReport Evaluation { get; init; }

    /// <summary>The UniBench report folder (report.json, report.md, panels/).</summary>
    public required string EvaluationDirectory { get; init; }

    /// <summary>Wall time of each stage.</summary>
    public required IReadOnlyDictionary<string, TimeSpan> StageTimes { get; init; }

    /// <summary>Whole demo wall time.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The UniBench evaluation of the shipped model on the same held-out clips; null when it was not evaluated.</summary>
    public BenchmarkReport? Reference { get; init; }

    /// <summary>Its report folder; null when it was not evaluated.</summary>
    public string? ReferenceDirectory { get; init; }

    /// <summary>Why the shipped model was not evaluated (e.g. "skipped (--no-reference)"); null when it was.</summary>
    public string? ReferenceSkipped { get; init; }

    /// <summary>The sixth-modality section (normals from the shipped model and from scratch); null when the demo was stopped before it.</summary>
    public NormalsDemoResult? Normals { get; init; }
}
