using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Model;

/// <summary>
/// The frozen pretrained tensors a checkpoint leaves out: every model tensor under <see cref="Prefix"/> comes from the
/// weights at <see cref="Path"/> instead (one file, or the shards an index names), which must still hold the same bytes
/// (their size and SHA-256). A LoRA run on a 1.3B trunk then writes megabytes per checkpoint instead of the trunk's
/// gigabytes; the model file and every resume read the trunk from its own file.
/// </summary>
/// <param name="Prefix">State-dict prefix of the tensors the weights provide (<c>base.</c>).</param>
/// <param name="Path">Full path of the weights as they were loaded (a file, an index, or a folder).</param>
/// <param name="Bytes">Size of the files behind it, together.</param>
/// <param name="Sha256">SHA-256 of the single file (as <c>sha256sum</c> prints it), or of the lines "name size sha256" of every shard.</param>
public sealed record BaseWeights(
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>Metadata key of the record in a checkpoint.</summary>
    public const string MetadataKey = "base_weights";

    /// <summary>The record of the weights at <paramref name="path"/>, made of <paramref name="files"/> (reads each file once for its digest).</summary>
    public static BaseWeights Of(string prefix, string path, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("no weight file", nameof(files));
        var digests = files.Select(f => (Name: System.IO.Path.GetFileName(f), Bytes: new FileInfo(f).Length, Sha: FileSha256(f))).ToList();
        var sha = digests.Count == 1 ? digests[0].Sha
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(digests.OrderBy(d => d.Name, StringComparer.Ordinal)
                .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name} {d.Bytes} {d.Sha}\n"))))));
        return new BaseWeights(prefix, System.IO.Path.GetFullPath(path), digests.Sum(d => d.Bytes), sha);
    }

    /// <summary>True when <paramref name="name"/> is one of the tensors the weights provide.</summary>
    public bool Covers(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The weights to read for a checkpoint that recorded this: at <paramref name="configured"/> when given (a moved
    /// file), otherwise at the recorded path; checked to hold the same bytes. <paramref name="filesOf"/> lists the files
    /// a path stands for.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">Nothing there, or other weights (the message names the checkpoint, the path and the setting).</exception>
    public string Locate(string checkpoint, string? configured, string setting, Func<string, IReadOnlyList<string>> filesOf)
    {
        ArgumentNullException.ThrowIfNull(filesOf);
        var path = string.IsNullOrEmpty(configured) ? Path : System.IO.Path.GetFullPath(configured);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new SafetensorsFormatException(checkpoint, $"takes its frozen '{Prefix}' tensors from '{path}', which does not exist; point {setting} at those weights");
        var files = filesOf(path);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var now = bytes == Bytes ? Of(Prefix, path, files) : null;
        if (now is null || now.Sha256 != Sha256)
            throw new SafetensorsFormatException(checkpoint, string.Create(CultureInfo.InvariantCulture,
                $"takes its frozen '{Prefix}' tensors from weights of {Bytes} bytes with SHA-256 {Sha256[..16]}…; '{path}' holds other weights ({bytes} bytes{(now is null ? "" : $", SHA-256 {now.Sha256[..16]}…")}); point {setting} at the weights the run was trained on"));
        return path;
    }

    /// <summary>The record as checkpoint metadata.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The record a checkpoint holds, or null when it holds every tensor.</summary>
    /// <exception cref="SafetensorsFormatException">The record is malformed (names the file).</exception>
    public static BaseWeights? Read(SafetensorsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.Metadata.TryGetValue(MetadataKey, out var json)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<BaseWeights>(json);
            if (record is { Prefix.Length: > 0, Path.Length: > 0, Sha256.Length: 64, Bytes: >= 0 }) return record;
        }
        catch (JsonException)
        {
        }
        throw new SafetensorsFormatException(reader.Path, $"metadata '{MetadataKey}' is malformed");
    }

    private static string FileSha256(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
