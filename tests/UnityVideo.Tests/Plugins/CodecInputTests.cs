using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Tests.Plugins;

public sealed class CodecInputTests
{
    private static readonly ClipContext Context = new() { Frames = 2, Height = 8, Width = 8 };

    [Theory]
    [InlineData("depth", new long[] { 2, 8, 8, 1 }, torch.ScalarType.Float16, "[T, H, W] = [2, 8, 8]")]
    [InlineData("depth", new long[] { 2, 8, 8 }, torch.ScalarType.Int64, "[T, H, W] = [2, 8, 8]")]
    [InlineData("flow", new long[] { 2, 8, 8, 3 }, torch.ScalarType.Float16, "[T, H, W, 2] = [2, 8, 8, 2]")]
    [InlineData("flow", new long[] { 2, 8, 9, 2 }, torch.ScalarType.Float32, "[T, H, W, 2] = [2, 8, 8, 2]")]
    [InlineData("densepose", new long[] { 2, 8, 8 }, torch.ScalarType.Byte, "[T, H, W, 3] = [2, 8, 8, 3]")]
    [InlineData("segmentation", new long[] { 3, 8, 8 }, torch.ScalarType.Byte, "[T, H, W] = [2, 8, 8]")]
    [InlineData("segmentation", new long[] { 2, 8, 8 }, torch.ScalarType.Bool, "[T, H, W] = [2, 8, 8]")]
    [InlineData("skeleton", new long[] { 2, 1, 18, 3 }, torch.ScalarType.Float32, "[T, P, 17, 3] = [2, ?, 17, 3]")]
    [InlineData("skeleton", new long[] { 2, 17, 3 }, torch.ScalarType.Float32, "[T, P, 17, 3] = [2, ?, 17, 3]")]
    public void Encoding_a_wrong_shape_or_dtype_names_the_modality_and_the_expected_shape(string modality, long[] shape, torch.ScalarType dtype, string expected)
    {
        using var bad = torch.zeros(shape, dtype);

        var e = Assert.Throws<ArgumentException>(() => CodecTestKit.Codec(modality).Encode(bad, Context));

        Assert.StartsWith($"{modality}: the stored ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains($"got {dtype} [{string.Join(", ", shape)}]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("depth", 1)]
    [InlineData("flow", 2)]
    [InlineData("densepose", 3)]
    [InlineData("segmentation", 3)]
    [InlineData("skeleton", 3)]
    public void Decoding_a_tensor_with_the_wrong_channels_names_the_expected_shape(string modality, int channels)
    {
        Assert.Equal(channels, CodecTestKit.Modality(modality).Channels);
        using var bad = torch.zeros([channels + 1, 2, 8, 8]);

        var e = Assert.Throws<ArgumentException>(() => CodecTestKit.Codec(modality).Decode(bad, Context));

        Assert.Contains($"{modality}: the normalized", e.Message, StringComparison.Ordinal);
        Assert.Contains($"[{channels}, T, H, W] = [{channels}, 2, 8, 8]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("depth", 1)]
    [InlineData("flow", 2)]
    [InlineData("densepose", 3)]
    [InlineData("segmentation", 3)]
    [InlineData("skeleton", 3)]
    public void Decoding_out_of_range_model_output_gives_valid_stored_values_and_encodes_back_in_range(string modality, int channels)
    {
        var codec = CodecTestKit.Codec(modality);
        using var wild = torch.randn([channels, 2, 8, 8], generator: new torch.Generator(11)) * 3; // well beyond [-1, 1]

        using var stored = codec.Decode(wild, Context);
        using var again = codec.Encode(stored, Context);

        Assert.All(CodecTestKit.Values(stored), v => Assert.True(double.IsFinite(v), $"{modality} decoded {v}"));
        Assert.Equal(new long[] { channels, 2, 8, 8 }, again.shape);
        Assert.All(CodecTestKit.Values(again), v => Assert.InRange(v, -1, 1));
    }
}
