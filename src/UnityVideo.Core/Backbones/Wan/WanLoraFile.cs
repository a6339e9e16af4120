using System.Globalization;
using System.Text.Json;
using TorchSharp.Modules;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// LoRA-only checkpoints of a <see cref="WanDiT"/>: a safetensors file holding just the A and B tensors, named as PEFT
/// and diffusers name them (<c>blocks.0.self_attn.q.lora_A.weight</c>, <c>....lora_B.weight</c>), with the rank, alpha
/// and target patterns in the metadata. Loading also accepts the prefixes other trainers write
/// (<c>base_model.model.</c>, <c>transformer.</c>, <c>diffusion_model.</c>) and diffusers' module names
/// (<c>blocks.0.attn1.to_q</c>, see <see cref="WanKeyMap"/>).
/// </summary>
public static class WanLoraFile
{
    /// <summary>Metadata key of the rank.</summary>
    public const string RankKey = "rank";

    /// <summary>Metadata key of alpha.</summary>
    public const string AlphaKey = "alpha";

    /// <summary>Metadata key of the target patterns (a JSON array).</summary>
    public const string TargetsKey = "targets";

    private static readonly string[] Prefixes = ["base_model.model.", "transformer.", "diffusion_model."];

    /// <summary>
    /// Writes <paramref name="adapter"/>'s A and B tensors (fp32) to <paramref name="path"/> atomically; an existing
    /// file is replaced only when <paramref name="overwrite"/>.
    /// </summary>
    /// <exception cref="OutputExistsException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void Save(WanLoraAdapter adapter, string path, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentException.ThrowIfNullOrEmpty(path);
        OutputGuard.CheckFile(path, overwrite, "LoRA file");
        var writer = new SafetensorsWriter();
        var c = adapter.Config;
        writer.Metadata["format"] = "pt";
        writer.Metadata[RankKey] = c.Rank.ToString(CultureInfo.InvariantCulture);
        writer.Metadata[AlphaKey] = c.Alpha.ToString("R", CultureInfo.InvariantCulture);
        writer.Metadata[TargetsKey] = JsonSerializer.Serialize(c.EffectiveTargets);
        writer.Metadata["base_model"] = "Wan2.1 DiT " + JsonSerializer.Serialize(new
        {
            dim = adapter.Model.Config.Dim, ffn_dim = adapter.Model.Config.FfnDim,
            num_heads = adapter.Model.Config.Heads, num_layers = adapter.Model.Config.Layers,
        });
        foreach (var (name, p) in adapter.NamedParameters()) writer.Add(name, p);
        writer.Save(path);
    }

    /// <summary>
    /// Reads a LoRA file and attaches it to <paramref name="model"/> (which must carry no adapter yet). Alpha comes from
    /// the file's metadata, or from <paramref name="alpha"/> for files without it (PEFT keeps alpha in a separate
    /// config). Every key and shape is checked before anything is attached, so a file that does not fit leaves the
    /// model untouched.
    /// </summary>
    /// <exception cref="WanWeightsException">The file does not fit the model; the message names the file and key.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors.</exception>
    public static WanLoraAdapter Load(WanDiT model, string path, double? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new WanWeightsException(path, "no such LoRA file");
        using var reader = SafetensorsReader.Open(path);

        var modules = ModulesByName(model);
        var found = new Dictionary<string, (string? A, string? B)>(StringComparer.Ordinal);
        foreach (var key in reader.Tensors.Keys.Order(StringComparer.Ordinal))
        {
            var (module, which) = ParseKey(path, key);
            if (!modules.TryGetValue(module, out var official))
                throw new WanWeightsException(path, $"'{key}': the model has no adaptable linear '{module}' (a LoRA for another Wan configuration?)");
            found.TryGetValue(official, out var pair);
            found[official] = which == 'A' ? (key, pair.B) : (pair.A, key);
        }
        if (found.Count == 0) throw new WanWeightsException(path, "holds no LoRA tensors (*.lora_A.weight / *.lora_B.weight)");

        var targets = WanLoraTargets.Adaptable(model).Where(t => found.ContainsKey(t.Name)).ToList();
        var rank = CheckShapes(path, reader, targets, found);
        var config = new WanLoraConfig(rank, ReadAlpha(path, reader, alpha), ReadTargets(reader, targets));
        config.Validate();

        var adapter = WanLoraAdapter.Attach(model, config, targets);
        using (no_grad())
        {
            foreach (var (name, _) in targets)
            {
                var (a, b) = found[name];
                using var ta = reader.ReadTensor(a!);
                using var tb = reader.ReadTensor(b!);
                adapter[name].A.copy_(ta);
                adapter[name].B.copy_(tb);
            }
        }
        return adapter;
    }

    // Official and diffusers module names of every adaptable linear → its official name.
    private static Dictionary<string, string> ModulesByName(WanDiT model)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _) in WanLoraTargets.Adaptable(model))
        {
            map[name] = name;
            var diffusers = WanKeyMap.ToDiffusers(name + ".weight");
            map[diffusers[..^".weight".Length]] = name;
        }
        return map;
    }

    private static (string Module, char Which) ParseKey(string path, string key)
    {
        var k = key;
        foreach (var prefix in Prefixes)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal)) { k = k[prefix.Length..]; break; }
        }
        if (k.EndsWith(".lora_A.weight", StringComparison.Ordinal)) return (k[..^".lora_A.weight".Length], 'A');
        if (k.EndsWith(".lora_B.weight", StringComparison.Ordinal)) return (k[..^".lora_B.weight".Length], 'B');
        throw new WanWeightsException(path, $"'{key}' is not a LoRA tensor (expected <module>.lora_A.weight or <module>.lora_B.weight)");
    }

    private static int CheckShapes(string path, SafetensorsReader reader, IReadOnlyList<(string Name, Linear Layer)> targets,
        Dictionary<string, (string? A, string? B)> found)
    {
        int? rank = null;
        foreach (var (name, layer) in targets)
        {
            var (a, b) = found[name];
            if (a is null) throw new WanWeightsException(path, $"'{b}' has no matching '{name}.lora_A.weight'");
            if (b is null) throw new WanWeightsException(path, $"'{a}' has no matching '{name}.lora_B.weight'");
            var (ia, ib) = (reader.Get(a), reader.Get(b));
            foreach (var (key, info) in new[] { (a, ia), (b, ib) })
            {
                if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64))
                    throw new WanWeightsException(path, $"'{key}' is {info.DType}; LoRA tensors must be floating point");
                if (info.Shape.Length != 2) throw new WanWeightsException(path, $"'{key}' has shape [{string.Join(", ", info.Shape)}]; LoRA tensors are matrices");
            }
            var r = ia.Shape[0];
            var (outF, inF) = (layer.weight!.shape[0], layer.weight!.shape[1]);
            if (ia.Shape[1] != inF || r <= 0)
                throw new WanWeightsException(path, $"'{a}' has shape [{string.Join(", ", ia.Shape)}]; the model's '{name}' needs [rank, {inF}]");
            if (ib.Shape[0] != outF || ib.Shape[1] != r)
                throw new WanWeightsException(path, $"'{b}' has shape [{string.Join(", ", ib.Shape)}]; the model's '{name}' with rank {r} needs [{outF}, {r}]");
            if (rank is { } seen && seen != r)
                throw new WanWeightsException(path, $"'{a}' has rank {r} but other layers have rank {seen}; one rank per file is supported");
            rank = (int)r;
        }
        if (reader.Metadata.TryGetValue(RankKey, out var stated) && stated != rank!.Value.ToString(CultureInfo.InvariantCulture))
            throw new WanWeightsException(path, $"metadata says rank {stated} but the tensors have rank {rank}");
        return rank!.Value;
    }

    private static double ReadAlpha(string path, SafetensorsReader reader, double? alpha)
    {
        if (!reader.Metadata.TryGetValue(AlphaKey, out var text)) return alpha ?? throw new WanWeightsException(path,
            $"has no '{AlphaKey}' in its metadata; pass alpha (PEFT's lora_alpha from the adapter's config)");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored) || !(stored > 0))
            throw new WanWeightsException(path, $"metadata '{AlphaKey}' = '{text}' is not a positive number");
        if (alpha is { } given && given != stored)
            throw new WanWeightsException(path, $"was trained with alpha {stored}, not the {given} asked for");
        return stored;
    }

    private static IReadOnlyList<string> ReadTargets(SafetensorsReader reader, IReadOnlyList<(string Name, Linear Layer)> targets)
    {
        if (reader.Metadata.TryGetValue(TargetsKey, out var json))
        {
            try
            {
                var list = JsonSerializer.Deserialize<List<string>>(json);
                if (list is { Count: > 0 }) return list;
            }
            catch (JsonException)
            {
                // Fall through: the tensors themselves say which linears are adapted.
            }
        }
        return targets.Select(t => t.Name).ToList();
    }
}
