namespace UnityVideo.Host.Options;

/// <summary>
/// The ablation study behind <c>unityvideo ablate</c>. Section <c>Ablation</c>. Every arm of a table trains for the
/// same steps on the same synthetic clips with the same seeds, and is measured on the same held-out clips; arms
/// differ only by their configuration overrides. The paper's tables ship in the defaults; an experiment file can
/// change them or add its own under <c>Ablation:Tables</c>.
/// </summary>
public sealed class AblationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ablation";

    /// <summary>Training steps per arm and seed (the fixed compute budget).</summary>
    public int Steps { get; set; } = 200;

    /// <summary>Seeds per arm (weights, task draws and noise); tables report mean ± standard deviation over them.</summary>
    public int Seeds { get; set; } = 3;

    /// <summary>Synthetic training clips (the same clips for every arm).</summary>
    public int TrainClips { get; set; } = 128;

    /// <summary>Held-out clips every arm is measured on.</summary>
    public int TestClips { get; set; } = 8;

    /// <summary>Held-out captions turned into videos for the flickering measure.</summary>
    public int GeneratedClips { get; set; } = 4;

    /// <summary>Solver steps for the generation and estimation samples of the measurements.</summary>
    public int SamplerSteps { get; set; } = 10;

    /// <summary>Seed of the synthetic training and held-out clips.</summary>
    public int DataSeed { get; set; }

    /// <summary>
    /// Frame rate of the synthetic clips. Low, like the demo's, so that the frames of a 16² clip move by about a
    /// quarter of a pixel rather than a tenth, which leaves flow estimation something to measure.
    /// </summary>
    public double Fps { get; set; } = 4;

    /// <summary>Overrides applied to every arm of every table, as <c>KEY=VALUE</c> (the syntax of <c>--set</c>).</summary>
    public List<string> Set { get; set; } = [];

    /// <summary>Tables by name (<c>ablate --table NAME</c>).</summary>
    public Dictionary<string, AblationTableOptions> Tables { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
