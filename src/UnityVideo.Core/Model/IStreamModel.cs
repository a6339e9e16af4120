using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// The backbone seam: a diffusion model over aligned streams (RGB and modalities), each with its own timestep and
/// prompt, predicting every stream's flow-matching velocity. Flow matching, the samplers, the training step and the
/// checkpoints work through this; the project's pixel <see cref="UnityDiT"/> and the Wan2.1-based
/// <see cref="Backbones.Wan.UnityWan"/> implement it.
/// </summary>
public interface IStreamModel : IDisposable
{
    /// <summary>Which trunk: <see cref="Backbones.BackboneNames.DiT"/> or <see cref="Backbones.BackboneNames.Wan"/> (recorded in checkpoints).</summary>
    string Backbone { get; }

    /// <summary>The model as a module: its parameters, buffers, train/eval mode and device moves.</summary>
    nn.Module Module { get; }

    /// <summary>Device of the model's parameters.</summary>
    Device Device { get; }

    /// <summary>Stream kinds the model knows ("rgb" first, then the modalities).</summary>
    IReadOnlyList<string> StreamNames { get; }

    /// <summary>Channels of a stream kind as the model sees it (pixels for the DiT, latent channels for Wan).</summary>
    int Channels(string stream);

    /// <summary>Factor a stream's data is multiplied by before noising (and divided by after sampling).</summary>
    double ScaleOf(string stream);

    /// <summary>True when the model's head draws the clean data and its velocity is derived from it (see <see cref="DataPrediction"/>).</summary>
    bool PredictsData { get; }

    /// <summary>The model's configuration as JSON (checkpoint metadata).</summary>
    string ConfigJson { get; }

    /// <summary>Velocity of every stream, one tensor per input stream shaped like its latent.</summary>
    IReadOnlyList<Tensor> Predict(IReadOnlyList<DiTStream> streams);

    /// <summary>Multiplier of the learning rate for the parameter named <paramref name="parameter"/> (e.g. new modules beside a pretrained trunk); 1 by default.</summary>
    double LearningRateScale(string parameter) => 1.0;

    /// <summary>
    /// The frozen pretrained tensors the model's checkpoints leave out (they come from this file), or null when its
    /// checkpoints hold every tensor.
    /// </summary>
    BaseWeights? BaseWeights => null;

    /// <summary>Loads the tensors a checkpoint took from <paramref name="recorded"/>'s file (found and checked by the model).</summary>
    /// <param name="checkpoint">The checkpoint being loaded, for error messages.</param>
    /// <param name="recorded">What the checkpoint recorded.</param>
    /// <exception cref="IO.SafetensorsFormatException">The file is missing or is not the recorded one.</exception>
    void LoadBaseWeights(string checkpoint, BaseWeights recorded) =>
        throw new IO.SafetensorsFormatException(checkpoint, $"takes its '{recorded.Prefix}' tensors from '{recorded.Path}', but a '{Backbone}' model has no base weight file");
}
