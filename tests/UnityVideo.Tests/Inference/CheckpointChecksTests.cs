using System.Text.Json.Nodes;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.Inference;

/// <summary>A checkpoint that lies about its sizes, holds NaN or has corrupt metadata is one clear error before any model is built.</summary>
public sealed class CheckpointChecksTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    /// <summary>Copies the fixture's model with edited metadata and tensor bytes.</summary>
    private string Rewrite(TempDir dir, string name, Action<Dictionary<string, string>>? metadata = null, Func<string, byte[], byte[]>? data = null)
    {
        var path = dir.File(name);
        SafetensorsRewrite.Copy(fixture.ModelPath, path, metadata, data);
        return path;
    }

    [Fact]
    public void A_header_claiming_a_huge_hidden_size_is_a_clear_error_not_an_out_of_memory_kill()
    {
        using var dir = new TempDir();
        var path = Rewrite(dir, "huge.safetensors", m =>
        {
            var config = JsonNode.Parse(m[CheckpointFormat.ConfigKey])!.AsObject();
            var key = config.Select(p => p.Key).Single(k => k.Equals("HiddenSize", StringComparison.OrdinalIgnoreCase));
            config[key] = 65536;
            m[CheckpointFormat.ConfigKey] = config.ToJsonString();
        });

        var e = Assert.Throws<InferenceException>(() => InferenceModel.Load(path, fixture.Plugins));

        Assert.Contains("huge.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("(HiddenSize 65536)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_weights_are_one_error_naming_the_tensor()
    {
        using var dir = new TempDir();
        const string victim = "null_context";
        var path = Rewrite(dir, "nan.safetensors", data: (key, bytes) =>
        {
            if (key != victim) return bytes;
            var copy = bytes.ToArray();
            BitConverter.GetBytes(float.NaN).CopyTo(copy, 0);
            return copy;
        });

        var e = Assert.Throws<InferenceException>(() => InferenceModel.Load(path, fixture.Plugins));

        Assert.Contains($"tensor '{victim}' holds NaN or infinite values", e.Message, StringComparison.Ordinal);
        Assert.Contains("nan.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config", "{not json")]
    [InlineData("streams", "[1, 2]")]
    public void Corrupt_metadata_names_the_key(string key, string value)
    {
        using var dir = new TempDir();
        var path = Rewrite(dir, "meta.safetensors", m => m[key] = value);

        var e = Assert.Throws<InferenceException>(() => InferenceModel.Load(path, fixture.Plugins));

        Assert.Contains($"metadata '{key}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("meta.safetensors", e.Message, StringComparison.Ordinal);
    }
}
