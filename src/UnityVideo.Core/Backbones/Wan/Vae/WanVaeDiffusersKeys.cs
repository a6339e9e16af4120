namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The key table between the official Wan2.1 VAE checkpoint and the diffusers <c>AutoencoderKLWan</c> layout:
/// <c>conv1/conv2 → quant_conv/post_quant_conv</c>, <c>{encoder,decoder}.conv1 → conv_in</c>,
/// <c>head.0/2 → norm_out/conv_out</c>, <c>middle.{0,1,2} → mid_block.{resnets.0, attentions.0, resnets.1}</c>,
/// residual sequence positions <c>0/2/3/6 → norm1/conv1/norm2/conv2</c>, <c>shortcut → conv_shortcut</c>;
/// the encoder keeps its flat layer index (<c>downsamples.N → down_blocks.N</c>) while the decoder groups its
/// flat list per stage (<c>upsamples.N → up_blocks.S.resnets.J</c> or <c>up_blocks.S.upsamplers.0</c>).
/// </summary>
public static class WanVaeDiffusersKeys
{
    private static readonly (string Original, string Diffusers)[] ResidualParts =
    [
        ("residual.0.gamma", "norm1.gamma"),
        ("residual.2.weight", "conv1.weight"), ("residual.2.bias", "conv1.bias"),
        ("residual.3.gamma", "norm2.gamma"),
        ("residual.6.weight", "conv2.weight"), ("residual.6.bias", "conv2.bias"),
        ("shortcut.weight", "conv_shortcut.weight"), ("shortcut.bias", "conv_shortcut.bias"),
    ];

    private static readonly string[] AttentionParts = ["norm.gamma", "to_qkv.weight", "to_qkv.bias", "proj.weight", "proj.bias"];

    private static readonly string[] ResampleParts = ["resample.1.weight", "resample.1.bias", "time_conv.weight", "time_conv.bias"];

    /// <summary>
    /// Every key a checkpoint of <paramref name="config"/> may hold, original name → diffusers name (shortcut and
    /// time-conv entries are listed for every block; a model without them simply never asks for them).
    /// </summary>
    public static IReadOnlyDictionary<string, string> OriginalToDiffusers(WanVaeConfig config)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in new[] { "weight", "bias" })
        {
            map[$"conv1.{p}"] = $"quant_conv.{p}";
            map[$"conv2.{p}"] = $"post_quant_conv.{p}";
        }
        foreach (var side in new[] { "encoder", "decoder" })
        {
            foreach (var p in new[] { "weight", "bias" })
            {
                map[$"{side}.conv1.{p}"] = $"{side}.conv_in.{p}";
                map[$"{side}.head.2.{p}"] = $"{side}.conv_out.{p}";
            }
            map[$"{side}.head.0.gamma"] = $"{side}.norm_out.gamma";
            foreach (var (o, d) in ResidualParts)
            {
                map[$"{side}.middle.0.{o}"] = $"{side}.mid_block.resnets.0.{d}";
                map[$"{side}.middle.2.{o}"] = $"{side}.mid_block.resnets.1.{d}";
            }
            foreach (var a in AttentionParts) map[$"{side}.middle.1.{a}"] = $"{side}.mid_block.attentions.0.{a}";
        }

        var stages = config.DimMult.Count;
        var index = 0;
        for (var s = 0; s < stages; s++)
        {
            for (var r = 0; r < config.NumResBlocks; r++, index++)
                foreach (var (o, d) in ResidualParts) map[$"encoder.downsamples.{index}.{o}"] = $"encoder.down_blocks.{index}.{d}";
            if (s == stages - 1) break;
            foreach (var part in ResampleParts) map[$"encoder.downsamples.{index}.{part}"] = $"encoder.down_blocks.{index}.{part}";
            index++;
        }

        index = 0;
        for (var s = 0; s < stages; s++)
        {
            for (var r = 0; r < config.NumResBlocks + 1; r++, index++)
                foreach (var (o, d) in ResidualParts) map[$"decoder.upsamples.{index}.{o}"] = $"decoder.up_blocks.{s}.resnets.{r}.{d}";
            if (s == stages - 1) break;
            foreach (var part in ResampleParts) map[$"decoder.upsamples.{index}.{part}"] = $"decoder.up_blocks.{s}.upsamplers.0.{part}";
            index++;
        }
        return map;
    }
}
