using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Precomputed text-encoder outputs (Wan's umT5-XXL, <c>[L, 4096]</c> per prompt, L = the prompt's real tokens) in one
/// safetensors file beside a latent dataset (<see cref="FileName"/>): each prompt's tensor is named
/// <c>prompt.</c> + the first 16 hex digits of the SHA-256 of its UTF-8 text, and the metadata maps that name back to
/// the text. It must hold every caption, every modality prompt and the empty prompt (the unconditional context).
/// Why precomputed and not a C# umT5: docs/decisions.md, "Wan text conditioning".
/// </summary>
public sealed class WanTextEmbeddings : IPromptEncoder
{
    /// <summary>File name beside the latent dataset's manifest.</summary>
    public const string FileName = "text-embeddings.safetensors";

    /// <summary>Marks a text-embedding file (<c>format</c> in the metadata).</summary>
    public const string Format = "unityvideo.text-embeddings";

    private readonly Dictionary<string, Tensor> cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> keys;

    private WanTextEmbeddings(string path, HashSet<string> keys, int dim)
    {
        Path = path;
        this.keys = keys;
        Dim = dim;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Width of every embedding.</summary>
    public int Dim { get; }

    /// <summary>Number of prompts stored.</summary>
    public int Count => keys.Count;

    /// <summary>The tensor name of <paramref name="prompt"/>.</summary>
    public static string KeyOf(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return "prompt." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..16];
    }

    /// <summary>Writes embeddings (<c>[L, Dim]</c> each, by prompt text) atomically; <paramref name="encoder"/> is recorded as provenance.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> byPrompt, string encoder)
    {
        ArgumentNullException.ThrowIfNull(byPrompt);
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = Format;
        writer.Metadata["encoder"] = encoder ?? "";
        foreach (var (prompt, embedding) in byPrompt)
        {
            if (embedding.dim() != 2) throw new ArgumentException($"The embedding of \"{prompt}\" must be [L, Dim]; got [{string.Join(", ", embedding.shape)}].", nameof(byPrompt));
            writer.Add(KeyOf(prompt), embedding.cpu());
            writer.Metadata[KeyOf(prompt)] = prompt;
        }
        writer.Save(path);
    }

    /// <summary>Opens the file (reads only its header).</summary>
    /// <exception cref="DatasetFormatException">Missing, not an embedding file, or its embeddings differ in width.</exception>
    public static WanTextEmbeddings Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new DatasetFormatException(path, "no precomputed text embeddings here; the Wan backbone needs the umT5 embeddings of every caption, modality prompt and the empty prompt (tools/wan_text_embeddings.py writes them)");
        try
        {
            using var reader = SafetensorsReader.Open(path);
            if (reader.Metadata.GetValueOrDefault("format") != Format)
                throw new DatasetFormatException(path, $"not a text-embedding file (metadata 'format' is not '{Format}')");
            var widths = reader.Tensors.Values.Select(t => t.Shape.Length == 2 ? t.Shape[1] : -1).Distinct().ToList();
            if (widths.Count != 1 || widths[0] <= 0)
                throw new DatasetFormatException(path, "its embeddings must all be [L, Dim] with one Dim");
            return new WanTextEmbeddings(path, reader.Tensors.Keys.ToHashSet(StringComparer.Ordinal), (int)widths[0]);
        }
        catch (SafetensorsFormatException e)
        {
            throw new DatasetFormatException(path, e.Problem, e);
        }
    }

    /// <summary>Whether <paramref name="prompt"/> has an embedding.</summary>
    public bool Contains(string prompt) => keys.Contains(KeyOf(prompt));

    /// <summary>The embedding of one prompt <c>[L, Dim]</c> fp32 on the CPU (cached).</summary>
    /// <exception cref="DatasetFormatException">The prompt has none (the message quotes it).</exception>
    public Tensor Embedding(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var key = KeyOf(prompt);
        if (cache.TryGetValue(key, out var hit)) return hit;
        if (!keys.Contains(key))
            throw new DatasetFormatException(Path, string.Create(CultureInfo.InvariantCulture,
                $"no embedding for the prompt \"{prompt}\" (tensor '{key}'); precompute the embeddings of every caption, modality prompt and the empty prompt again"));
        using var reader = SafetensorsReader.Open(Path);
        var embedding = reader.ReadTensor(key).to(float32).DetachFromDisposeScope();
        cache[key] = embedding;
        return embedding;
    }

    /// <summary>Prompts as embeddings <c>[B, L_max, Dim]</c> (zeros after each prompt's length) with their mask.</summary>
    public TextPrompt Encode(IReadOnlyList<string> prompts, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        using var scope = NewDisposeScope();
        var rows = prompts.Select(Embedding).ToList();
        var length = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.shape[0]));
        var embeddings = stack(rows.Select(r => nn.functional.pad(r, [0, 0, 0, length - r.shape[0]])).ToArray(), 0); // [B, L, Dim]
        var mask = stack(rows.Select(r => arange(length) < r.shape[0]).ToArray(), 0);                                // [B, L]
        var prompt = TextPrompt.FromEmbeddings(embeddings.to(device ?? CPU), mask.to(device ?? CPU));
        scope.MoveToOuter(prompt.Ids, prompt.Mask, prompt.Embeddings!);
        return prompt;
    }
}
