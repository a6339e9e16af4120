namespace UnityVideo.Host.Ablation;

/// <summary>What <c>unityvideo ablate</c> runs.</summary>
public sealed record AblationRequest
{
    /// <summary>Name of the table under <c>Ablation:Tables</c> ("2", "3", "4", "zero-shot" or an experiment's own).</summary>
    public required string Table { get; init; }

    /// <summary>
    /// Study folder: data/, runs/ (one folder per arm configuration and seed, reused by later tables and reruns) and
    /// table-&lt;name&gt;/table.md|json.
    /// </summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seeds per arm (default <c>Ablation:Seeds</c>).</summary>
    public int? Seeds { get; init; }

    /// <summary>Training steps per arm and seed (default <c>Ablation:Steps</c>).</summary>
    public int? Steps { get; init; }

    /// <summary>
    /// Also measure every arm's checkpoint each this many steps and write the metrics against the step
    /// (table-&lt;name&gt;/curve-*.png, a curve section in table.md and table.json); null: the final models only.
    /// </summary>
    public int? CurveEvery { get; init; }
}
