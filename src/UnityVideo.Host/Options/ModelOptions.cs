namespace UnityVideo.Host.Options;

/// <summary>Model size and shape. Section <c>Model</c>; sizes live in <see cref="Presets"/>, not in code.</summary>
public sealed class ModelOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Model";

    /// <summary>Name of the preset to use (a key of <see cref="Presets"/>).</summary>
    public string Preset { get; set; } = "tiny";

    /// <summary>The modality switcher (per-modality embedding added to the timestep embedding); off only to ablate it.</summary>
    public bool ModalitySwitcher { get; set; } = true;

    /// <summary>The in-context learner (modality streams attend to their modality prompt); off only to ablate it.</summary>
    public bool InContextLearner { get; set; } = true;

    /// <summary>
    /// Data scale σ of the output skip, v̂ = c_skip(t)·x_t + c_out(t)·F (0 = off, the plain DiT head); see
    /// <see cref="Core.Model.DiTConfig.OutputSkipSigma"/>.
    /// </summary>
    public double OutputSkipSigma { get; set; } = 0.5;

    /// <summary>What the heads predict: <c>velocity</c> or <c>data</c> (x₀); see <see cref="Core.Model.DiTConfig.Prediction"/>.</summary>
    public string Prediction { get; set; } = Core.Model.DiTConfig.DataPredictionName;

    /// <summary>A 3×3 convolution after un-patchifying each head's output; see <see cref="Core.Model.DiTConfig.OutputConv"/>.</summary>
    public bool OutputConv { get; set; }

    /// <summary>Frames each token's patch embedding reads: 1 (its own) or 2 (its own and the next); see <see cref="Core.Model.DiTConfig.PatchFrames"/>.</summary>
    public int PatchFrames { get; set; } = 2;

    /// <summary>
    /// Each token also receives a learned (zero-initialised) projection of the other streams' tokens at its
    /// position; see <see cref="Core.Model.DiTConfig.AlignedFusion"/>.
    /// </summary>
    public bool AlignedFusion { get; set; } = true;

    /// <summary>
    /// The RGB stream's patch input also carries motion-energy channels (products of spatial and temporal
    /// derivatives); see <see cref="Core.Model.DiTConfig.MotionEnergy"/>.
    /// </summary>
    public bool MotionEnergy { get; set; } = true;

    /// <summary>Available presets by name (the defaults ship tiny, small and base).</summary>
    public Dictionary<string, ModelPreset> Presets { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
