namespace UnityVideo.Core.Model;

/// <summary>
/// Analytic FLOP count of the model (2 FLOPs per multiply-add): the matmuls of every linear layer plus the
/// attention products QKᵀ and AV, for self-attention, cross-attention and the text encoder. Element-wise work
/// (norms, activations, RoPE, softmax) is ignored, as is customary for model-FLOP utilisation. A training step
/// is counted as 3 × forward (backward ≈ 2 × forward).
/// </summary>
public static class ModelFlops
{
    /// <summary>Forward FLOPs for one batch.</summary>
    /// <param name="config">Model sizes.</param>
    /// <param name="streamChannels">Channels of each stream in the batch (e.g. rgb 3, depth 1).</param>
    /// <param name="batch">Batch size B.</param>
    /// <param name="frames">Frames T.</param>
    /// <param name="height">Height H.</param>
    /// <param name="width">Width W.</param>
    /// <param name="promptTokens">Prompt length L per stream (every stream is assumed to have a prompt).</param>
    public static double Forward(DiTConfig config, IReadOnlyList<int> streamChannels, long batch, long frames, long height, long width, long promptTokens)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(streamChannels);
        double b = batch, s = streamChannels.Count, d = config.HiddenSize, dt = config.TextDim, m = config.MlpHidden, l = promptTokens;
        double p2 = (double)config.TemporalPatch * config.PatchSize * config.PatchSize; // pixels of a token, over its frames
        double n = config.TokensPerStream(frames, height, width);                    // tokens per stream
        double tokens = s * n;                                                         // N
        double channelSum = streamChannels.Sum();

        var patchEmbeds = 2 * b * n * p2 * (config.PatchFrames * channelSum + (config.MotionEnergy ? MotionEnergy.Channels : 0)) * d; // the batch's rgb stream reads the motion energy
        var fusion = config.AlignedFusion && s > 1 ? 2 * b * tokens * d * d : 0;
        var timestep = 2 * b * s * (TimestepEmbedder.FrequencyDim * d + d * d);
        var perBlock =
            2 * b * s * d * 6 * d                        // adaLN modulation (per stream, not per token)
            + 2 * b * tokens * d * 4 * d                 // qkv + proj
            + 2 * 2 * b * tokens * tokens * d            // QKᵀ and AV over all streams
            + 2 * b * tokens * d * 2 * d                 // cross q + proj
            + 2 * b * s * l * dt * 2 * d                 // cross kv from the prompt
            + 2 * 2 * b * tokens * l * d                 // cross QKᵀ and AV
            + 2 * b * tokens * d * m * 2;                // MLP
        double features = config.OutputConv || config.PixelDecoder > 0 ? UnityDiT.OutputConvFeatures : 0;
        var final = 2 * b * s * d * 2 * d + 2 * b * n * d * p2 * (channelSum + s * features);
        var pixels = b * frames * height * width;
        double hidden = config.PixelDecoder;
        var decoders = hidden == 0 ? 0 : streamChannels.Select((c, i) =>
            2 * pixels * 9 * (PixelDecoder.InputChannels(c, (int)features, i == 0) * hidden + hidden * hidden + hidden * c)).Sum(); // the first stream is taken as the RGB
        var textPerLayer = 2 * l * dt * 4 * dt + 2 * 2 * l * l * dt + 2 * l * dt * 4 * dt * 2;
        var text = b * s * config.TextLayers * textPerLayer;
        return patchEmbeds + fusion + timestep + config.Depth * perBlock + final + decoders + text;
    }

    /// <summary>FLOPs of one training step (forward + backward) = 3 × <see cref="Forward"/>.</summary>
    public static double TrainingStep(DiTConfig config, IReadOnlyList<int> streamChannels, long batch, long frames, long height, long width, long promptTokens) =>
        3 * Forward(config, streamChannels, batch, frames, height, width, promptTokens);
}
