using System.Text.Json;
using TorchSharp;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Loads published Wan2.1 DiT weights into a <see cref="WanDiT"/>: the official single file
/// (<c>diffusion_pytorch_model.safetensors</c>, official key names) or a diffusers <c>transformer/</c> folder (one file
/// or shards listed in <c>diffusion_pytorch_model.safetensors.index.json</c>, diffusers key names, see
/// <see cref="WanKeyMap"/>). Every key and shape is checked against the model before the first weight is copied, so a
/// mismatched file leaves the model untouched; tensors are then read one at a time (file offsets, never the whole
/// file in memory) and converted to the model's dtype and device.
/// </summary>
public static class WanWeights
{
    /// <summary>File name of the single-file checkpoints (official and diffusers).</summary>
    public const string SingleFileName = "diffusion_pytorch_model.safetensors";

    /// <summary>File name of a diffusers shard index.</summary>
    public const string IndexFileName = "diffusion_pytorch_model.safetensors.index.json";

    /// <summary>
    /// Loads <paramref name="path"/> (a .safetensors file, an index .json, or a folder holding either) into
    /// <paramref name="model"/>. Tensors that are not weights of the model are an error unless
    /// <paramref name="allowUnexpected"/>. <paramref name="progress"/> receives (tensors loaded, total).
    /// </summary>
    /// <exception cref="WanWeightsException">Missing file, unknown naming, missing or unexpected key, wrong shape or dtype.</exception>
    /// <exception cref="SafetensorsFormatException">A file is not valid safetensors.</exception>
    public static WanWeightsReport Load(WanDiT model, string path, bool allowUnexpected = false, IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var readers = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
        try
        {
            var keyFiles = ResolveKeys(path, readers);
            var naming = DetectNaming(path, keyFiles.Keys);
            var plan = Plan(model, path, naming, keyFiles, readers, allowUnexpected, out var unexpected);

            using (no_grad())
            {
                for (var i = 0; i < plan.Count; i++)
                {
                    var (param, reader, key) = plan[i];
                    using var source = reader.ReadTensor(key);
                    param.copy_(source);
                    progress?.Report((i + 1, plan.Count));
                }
            }
            var files = plan.Select(p => p.Reader.Path).Distinct().ToList();
            return new WanWeightsReport(naming, files, plan.Count, unexpected);
        }
        finally
        {
            foreach (var r in readers.Values) r.Dispose();
        }
    }

    /// <summary>The files <paramref name="path"/> (a .safetensors file, an index .json, or a folder holding either) stands for: the file, or every shard its index names.</summary>
    /// <exception cref="WanWeightsException">Missing file, or an index that does not fit its shards.</exception>
    public static IReadOnlyList<string> Files(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var readers = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
        try
        {
            return ResolveKeys(path, readers).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            foreach (var r in readers.Values) r.Dispose();
        }
    }

    // Every key the weights offer → the file holding it (readers opened lazily and cached by file).
    private static Dictionary<string, string> ResolveKeys(string path, Dictionary<string, SafetensorsReader> readers)
    {
        string? file = null, index = null;
        if (Directory.Exists(path))
        {
            var idx = Path.Combine(path, IndexFileName);
            var single = Path.Combine(path, SingleFileName);
            if (File.Exists(idx)) index = idx;
            else if (File.Exists(single)) file = single;
            else throw new WanWeightsException(path, $"folder holds neither {IndexFileName} nor {SingleFileName}");
        }
        else if (File.Exists(path))
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) index = path;
            else file = path;
        }
        else throw new WanWeightsException(path, "no such file or folder");

        if (file is not null)
        {
            var reader = Open(file, readers);
            return reader.Tensors.Keys.ToDictionary(k => k, _ => file, StringComparer.Ordinal);
        }
        return ReadIndex(index!, readers);
    }

    private static Dictionary<string, string> ReadIndex(string index, Dictionary<string, SafetensorsReader> readers)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(index))!;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(index));
        }
        catch (JsonException e)
        {
            throw new WanWeightsException(index, $"not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new WanWeightsException(index, "has no \"weight_map\" object (key → shard file)");
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new WanWeightsException(index, $"weight_map entry '{entry.Name}' is not a file name");
                var shard = entry.Value.GetString()!;
                if (shard.Length == 0 || shard != Path.GetFileName(shard))
                    throw new WanWeightsException(index, $"weight_map entry '{entry.Name}' names '{shard}', not a file beside the index");
                var shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                    throw new WanWeightsException(index, $"shard '{shard}' (holding '{entry.Name}') is missing");
                if (!keys.TryAdd(entry.Name, shardPath))
                    throw new WanWeightsException(index, $"weight_map lists '{entry.Name}' twice");
            }
            // The index must tell the truth about each shard: a key it places in a shard must be there.
            foreach (var (key, shardPath) in keys)
            {
                if (!Open(shardPath, readers).Tensors.ContainsKey(key))
                    throw new WanWeightsException(shardPath, $"the index places '{key}' in this shard but it does not hold it");
            }
            return keys;
        }
    }

    private static SafetensorsReader Open(string file, Dictionary<string, SafetensorsReader> readers)
    {
        if (!readers.TryGetValue(file, out var reader))
        {
            reader = SafetensorsReader.Open(file);
            readers[file] = reader;
        }
        return reader;
    }

    private static WanKeyNaming DetectNaming(string path, IEnumerable<string> keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        if (set.Contains("head.head.weight") || set.Contains("blocks.0.self_attn.q.weight")) return WanKeyNaming.Official;
        if (set.Contains("proj_out.weight") || set.Contains("blocks.0.attn1.to_q.weight")) return WanKeyNaming.Diffusers;
        throw new WanWeightsException(path,
            $"holds no Wan2.1 DiT weights under official names (head.head.weight) or diffusers names (proj_out.weight); first keys: {string.Join(", ", set.Take(5))}");
    }

    private static List<(Tensor Param, SafetensorsReader Reader, string Key)> Plan(
        WanDiT model, string path, WanKeyNaming naming, Dictionary<string, string> keyFiles,
        Dictionary<string, SafetensorsReader> readers, bool allowUnexpected, out IReadOnlyList<string> unexpected)
    {
        var plan = new List<(Tensor, SafetensorsReader, string)>();
        var missing = new List<string>();
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, param) in model.named_parameters())
        {
            var key = naming == WanKeyNaming.Official ? name : WanKeyMap.ToDiffusers(name);
            if (!keyFiles.TryGetValue(key, out var file))
            {
                missing.Add(key);
                continue;
            }
            used.Add(key);
            var reader = Open(file, readers);
            var info = reader.Get(key);
            if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.BF16 or SafetensorsDType.F16))
                problems.Add($"'{key}' in {Path.GetFileName(file)} is {info.DType}, not a floating-point weight");
            else if (!info.Shape.SequenceEqual(param.shape))
                problems.Add($"'{key}' in {Path.GetFileName(file)} has shape {info.ShapeText}, the model expects [{string.Join(", ", param.shape)}]");
            else plan.Add((param, reader, key));
        }
        if (missing.Count > 0)
            problems.Insert(0, $"{missing.Count} weight(s) of the model are missing ({naming} names): {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", ..." : "")}");
        var extra = keyFiles.Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (extra.Count > 0 && !allowUnexpected)
            problems.Add($"{extra.Count} tensor(s) are not weights of this model: {string.Join(", ", extra.Take(8))}{(extra.Count > 8 ? ", ..." : "")}");
        if (problems.Count > 0)
            throw new WanWeightsException(path, string.Join("; ", problems) + $" (model: {Describe(model.Config)})");
        unexpected = extra;
        return plan;
    }

    private static string Describe(WanDiTConfig c) =>
        $"dim {c.Dim}, {c.Layers} layers, {c.Heads} heads, ffn {c.FfnDim}, in/out {c.InChannels}/{c.OutChannels}";
}
