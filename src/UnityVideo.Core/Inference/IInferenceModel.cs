using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Core.Inference;

/// <summary>
/// A trained model ready to run the three tasks on clips in stored form (RGB <c>[T, H, W, 3]</c> uint8, a modality
/// as its plugin stores it), whatever its backbone: the pixel DiT (<see cref="InferenceModel"/>) or a Wan2.1 trunk on
/// VAE latents (<see cref="Backbones.Wan.WanInferenceModel"/>). The pipeline, UniBench and the verbs work through it.
/// </summary>
public interface IInferenceModel : IDisposable
{
    /// <summary>The checkpoint file.</summary>
    string Path { get; }

    /// <summary>The checkpoint's modalities, in the checkpoint's order.</summary>
    ModalityRegistry Modalities { get; }

    /// <summary>Which weights were loaded: "ema" (averaged), "raw" (the optimiser's latest) or "as saved" (unknown).</summary>
    string Weights { get; }

    /// <summary>Training step of the weights, when the checkpoint records it.</summary>
    int? Step { get; }

    /// <summary>Frames T of the clips the model works on.</summary>
    int Frames { get; }

    /// <summary>Frame height of the clips the model works on.</summary>
    int Height { get; }

    /// <summary>Frame width of the clips the model works on.</summary>
    int Width { get; }

    /// <summary>One line for logs: file, step, weights.</summary>
    string Describe();

    /// <summary>The context of a clip of the model's size (no classes, default prompt).</summary>
    ClipContext Context();

    /// <summary>The descriptor of <paramref name="modality"/>, or an error listing the checkpoint's modalities.</summary>
    /// <exception cref="InferenceException">The checkpoint does not know the modality, or its plugin cannot serve it.</exception>
    ModalityDescriptor Modality(string modality);

    /// <summary>Estimation: <paramref name="modality"/> from RGB frames of the model's size, in stored form (CPU).</summary>
    /// <exception cref="InferenceException">Unknown modality, or RGB of another size than the model's.</exception>
    torch.Tensor Estimate(torch.Tensor rgb, string modality, SamplerOptions options, long seed, ClipContext? context = null,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null);

    /// <summary>
    /// Generation from a content prompt: joint (RGB and the modalities of <paramref name="generate"/>) or, with
    /// <paramref name="controls"/> (stored form, by modality), RGB given those modalities.
    /// </summary>
    /// <exception cref="InferenceException">Unknown modality, or a control that does not fit the model.</exception>
    GeneratedClip Generate(string prompt, IReadOnlyList<string> generate, IReadOnlyDictionary<string, torch.Tensor>? controls, SamplerOptions options, long seed,
        ClipContext? context = null, CancellationToken cancellationToken = default, IProgress<int>? progress = null);

    /// <summary>Throws when <paramref name="rgb"/> is not <c>[T, H, W, 3]</c> uint8 of the model's size.</summary>
    /// <exception cref="InferenceException">The frames are of another size or type.</exception>
    void RequireSize(torch.Tensor rgb, string what);
}
