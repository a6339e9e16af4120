using UnityVideo.Host.Inference;

namespace UnityVideo.Host.Demo;

/// <summary>What <see cref="DemoRunner"/> should do: where to write and how long it may take.</summary>
public sealed record DemoRequest
{
    /// <summary>Folder that receives data/, run/, eval/ and report.md.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Wall-clock budget for the whole demo; training gets what synthesis and evaluation leave.</summary>
    public double Minutes { get; init; } = 15;

    /// <summary>Replace an existing demo folder's contents (otherwise a non-empty folder is refused).</summary>
    public bool Force { get; init; }

    /// <summary>Training clips to synthesise.</summary>
    public int TrainClips { get; init; } = 256;

    /// <summary>Held-out clips to synthesise (another seed, test split).</summary>
    public int TestClips { get; init; } = 8;

    /// <summary>
    /// Frame rate of the synthesised clips (default 4): at 32² things then move about half a pixel per frame, enough for
    /// flow to be read from the frames (why not the synthetic world's 12: docs/decisions.md, "Demo frame rate").
    /// </summary>
    public double Fps { get; init; } = 4;

    /// <summary>Held-out clips that UniBench evaluates (every modality, every task).</summary>
    public int EvalClips { get; init; } = 3;

    /// <summary>Solver steps of every generated video during evaluation (estimates take <c>Sampling:EstimationSteps</c> and <c>Sampling:EstimationStepsByModality</c>).</summary>
    public int SamplerSteps { get; init; } = 10;

    /// <summary>Seed of the training data, the weights and the sampling noise.</summary>
    public int Seed { get; init; }

    /// <summary>How the demo's evaluations sample: <see cref="SamplerSteps"/> and <see cref="Seed"/> over the configured sampling.</summary>
    public SamplingOverrides EvaluationSampling() => new() { Steps = SamplerSteps, Seed = Seed };

    /// <summary>Explicit training step count; null sizes the run to the budget from a measured step time.</summary>
    public int? Steps { get; init; }

    /// <summary>
    /// Also evaluate the shipped model (<c>models/reference</c>) on the same held-out clips, when it fits them: what a
    /// trained model shows, beside what minutes of training here give. Its time comes out of the training budget.
    /// </summary>
    public bool Reference { get; init; } = true;

    /// <summary>
    /// Also drop the surface-normals sample plugin into a plugin folder and learn it twice for <see cref="NormalsSteps"/>
    /// steps, from the shipped model and from scratch (<see cref="NormalsDemo"/>); its time comes out of the training budget.
    /// Needs the shipped model to have been evaluated (<see cref="Reference"/>).
    /// </summary>
    public bool Normals { get; init; } = true;

    /// <summary>
    /// Training steps of each normals run; null: as many as see <see cref="NormalsDemo.ClipsSeen"/> clips at the demo's
    /// clips per step (docs/decisions.md, "A sixth modality": the runs differ most early).
    /// </summary>
    public int? NormalsSteps { get; init; }
}
