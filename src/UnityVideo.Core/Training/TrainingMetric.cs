using System.Text.Json.Serialization;

namespace UnityVideo.Core.Training;

/// <summary>One line of <c>metrics.jsonl</c>: the outcome of one optimiser step.</summary>
public sealed record TrainingMetric
{
    /// <summary>Completed steps after this one (1-based step number).</summary>
    [JsonPropertyName("step")]
    public required int Step { get; init; }

    /// <summary>Curriculum stage.</summary>
    [JsonPropertyName("stage")]
    public required string Stage { get; init; }

    /// <summary>Task name (<see cref="TaskNames"/>).</summary>
    [JsonPropertyName("task")]
    public required string Task { get; init; }

    /// <summary>Modality set, e.g. "depth" or "depth+flow".</summary>
    [JsonPropertyName("modality")]
    public required string Modality { get; init; }

    /// <summary>Flow-matching loss (mean over the step's micro-batches).</summary>
    [JsonPropertyName("loss")]
    public required double Loss { get; init; }

    /// <summary>Learning rate used.</summary>
    [JsonPropertyName("lr")]
    public required double LearningRate { get; init; }

    /// <summary>Global gradient norm before clipping.</summary>
    [JsonPropertyName("grad_norm")]
    public required double GradNorm { get; init; }

    /// <summary>Wall-clock seconds the step took.</summary>
    [JsonPropertyName("seconds")]
    public required double Seconds { get; init; }
}
