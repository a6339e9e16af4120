using Xunit.Abstractions;
using TorchSharp;
using System.Text.Json;
using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// The full Wan2.1-T2V-1.3B built by the port has exactly the official checkpoint's keys and shapes (the list in
/// tests/fixtures/wan/dit/t2v_1_3b_keys.json comes from the reference code on PyTorch's meta device). The model is
/// built on TorchSharp's meta device, so none of its 5.7 GB of fp32 weights is allocated.
/// </summary>
public sealed class WanDiTKeyTests(ITestOutputHelper output)
{
    private static JsonDocument Fixture() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(WanDiTGolden.Folder, "t2v_1_3b_keys.json")));

    [Fact]
    public void The_1_3B_preset_has_the_official_keys_and_shapes_without_allocating_weights()
    {
        using var doc = Fixture();
        var expected = doc.RootElement.GetProperty("tensors").EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Shape: string.Join(",", e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()))))
            .ToList();

        using var model = new WanDiT(WanDiTConfig.T2V1_3B, device: new Device(DeviceType.META));
        var actual = model.named_parameters().Select(p => (Name: p.name, Shape: string.Join(",", p.parameter.shape))).ToList();

        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.Equal(expected.Count, actual.Count);
        Assert.Empty(expected.Except(actual));
        Assert.Empty(actual.Except(expected));
        Assert.Empty(model.named_buffers()); // the RoPE tables are computed per call, never state
    }

    [Fact]
    public void The_1_3B_preset_counts_the_reference_parameter_total()
    {
        using var doc = Fixture();
        var reference = doc.RootElement.GetProperty("parameter_count").GetInt64();
        using var model = new WanDiT(WanDiTConfig.T2V1_3B, device: new Device(DeviceType.META));

        var counts = WanDiTParameters.Count(model);
        output.WriteLine(counts.ToString());

        Assert.Equal(reference, counts.Total);
    }

    [Fact]
    public void The_1_3B_preset_matches_the_reference_configuration()
    {
        using var doc = Fixture();
        var c = doc.RootElement.GetProperty("config");
        var p = WanDiTConfig.T2V1_3B;
        Assert.Equal(c.GetProperty("dim").GetInt32(), p.Dim);
        Assert.Equal(c.GetProperty("ffn_dim").GetInt32(), p.FfnDim);
        Assert.Equal(c.GetProperty("num_heads").GetInt32(), p.Heads);
        Assert.Equal(c.GetProperty("num_layers").GetInt32(), p.Layers);
        Assert.Equal(c.GetProperty("freq_dim").GetInt32(), p.FreqDim);
        Assert.Equal(c.GetProperty("text_dim").GetInt32(), p.TextDim);
        Assert.Equal(c.GetProperty("text_len").GetInt32(), p.TextLen);
        Assert.Equal(c.GetProperty("in_dim").GetInt32(), p.InChannels);
        Assert.Equal(c.GetProperty("out_dim").GetInt32(), p.OutChannels);
        Assert.Equal(c.GetProperty("patch_size").EnumerateArray().Select(e => e.GetInt32()), [p.PatchT, p.PatchH, p.PatchW]);
    }
}
