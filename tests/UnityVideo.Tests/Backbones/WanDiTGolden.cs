using System.Text.Json;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// A golden made by tools/wan_goldens/dit_golden.py: the official WanModel's weights, inputs, output and a few
/// intermediate activations for a tiny random-weight configuration.
/// </summary>
internal sealed class WanDiTGolden : IDisposable
{
    private readonly SafetensorsReader reader;

    private WanDiTGolden(string path)
    {
        Path = path;
        reader = SafetensorsReader.Open(path);
        Config = ParseConfig(reader.Metadata["config"]);
    }

    public static IEnumerable<string> Names => ["tiny", "tiny_heads2_dim48"];

    public static string Folder => System.IO.Path.Combine(RepoPaths.Root, "tests", "fixtures", "wan", "dit");

    public string Path { get; }

    public WanDiTConfig Config { get; }

    public IReadOnlyDictionary<string, string> Metadata => reader.Metadata;

    public static WanDiTGolden Open(string name) => new(System.IO.Path.Combine(Folder, name + ".safetensors"));

    public Tensor Read(string key) => reader.ReadTensor(key);

    /// <summary>The model with the golden's weights loaded (the file's inputs and outputs ignored).</summary>
    public WanDiT LoadModel(ScalarType? dtype = null)
    {
        var model = new WanDiT(Config, dtype: dtype);
        WanWeights.Load(model, Path, allowUnexpected: true);
        model.eval();
        return model;
    }

    /// <summary>The tensors of the file that are weights (not inputs, outputs or debug activations).</summary>
    public IEnumerable<string> WeightKeys =>
        reader.Tensors.Keys.Where(k => !k.StartsWith("input.", StringComparison.Ordinal)
            && !k.StartsWith("debug.", StringComparison.Ordinal) && k != "output");

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var d = (a.to_type(float32) - b.to_type(float32)).abs().max();
        return d.item<float>();
    }

    private static WanDiTConfig ParseConfig(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        int I(string k) => r.GetProperty(k).GetInt32();
        var patch = r.GetProperty("patch_size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return new WanDiTConfig(Dim: I("dim"), FfnDim: I("ffn_dim"), Heads: I("num_heads"), Layers: I("num_layers"),
            FreqDim: I("freq_dim"), TextDim: I("text_dim"), TextLen: I("text_len"), InChannels: I("in_dim"),
            OutChannels: I("out_dim"), PatchT: patch[0], PatchH: patch[1], PatchW: patch[2]);
    }

    public void Dispose() => reader.Dispose();
}
