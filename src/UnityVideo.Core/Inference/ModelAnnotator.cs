using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Core.Inference;

/// <summary>
/// An <see cref="IAnnotator"/> backed by a trained model: it runs the estimation task (RGB given, the modality
/// sampled) and returns the modality in stored form. Input clips must have the model's size (fit videos first).
/// Create one per modality with <see cref="FromCheckpoint"/>, or share one loaded <see cref="InferenceModel"/>.
/// </summary>
public sealed class ModelAnnotator : IAnnotator, IDisposable
{
    /// <summary>The annotator name, as in <c>data annotate --annotator model</c>.</summary>
    public const string AnnotatorName = "model";

    private readonly InferenceModel model;
    private readonly bool ownsModel;
    private readonly SamplerOptions options;
    private readonly long seed;

    /// <summary>An annotator for <paramref name="modality"/> using an already loaded model (not disposed with the annotator).</summary>
    /// <exception cref="InferenceException">The checkpoint does not know the modality.</exception>
    public ModelAnnotator(InferenceModel model, string modality, SamplerOptions? options = null, long seed = 0)
        : this(model, modality, options, seed, ownsModel: false) { }

    private ModelAnnotator(InferenceModel model, string modality, SamplerOptions? options, long seed, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        Modality = model.Modality(modality).Name;
        this.options = options ?? new SamplerOptions();
        this.seed = seed;
        this.ownsModel = ownsModel;
    }

    /// <summary>
    /// Loads <paramref name="checkpoint"/> (its modalities must be in <paramref name="registry"/>) and returns an
    /// annotator for <paramref name="modality"/> that owns the model.
    /// </summary>
    /// <exception cref="InferenceException">The checkpoint cannot be loaded or does not know the modality.</exception>
    public static ModelAnnotator FromCheckpoint(string checkpoint, ModalityRegistry registry, string modality, SamplerOptions? options = null, long seed = 0, torch.Device? device = null)
    {
        var model = InferenceModel.Load(checkpoint, registry, device);
        try
        {
            return new ModelAnnotator(model, modality, options, seed, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name => AnnotatorName;

    /// <inheritdoc />
    public string Modality { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers => [];

    /// <summary>The model behind the annotator.</summary>
    public InferenceModel Model => model;

    /// <inheritdoc />
    /// <remarks>Deterministic: the same clip gives the same result (the noise comes from the annotator's seed).</remarks>
    /// <exception cref="InferenceException">The clip is not of the model's size.</exception>
    public torch.Tensor Annotate(AnnotationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return model.Estimate(input.Rgb, Modality, options, seed, input.Context).to(input.Rgb.device);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsModel) model.Dispose();
    }
}
