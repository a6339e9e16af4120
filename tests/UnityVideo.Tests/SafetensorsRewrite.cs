using UnityVideo.Core.IO;

namespace UnityVideo.Tests;

/// <summary>Copies a safetensors file with edited metadata and tensor bytes (corrupt checkpoints for error tests).</summary>
internal static class SafetensorsRewrite
{
    /// <summary>Writes <paramref name="target"/> (which may be <paramref name="source"/> itself) from <paramref name="source"/>, edited.</summary>
    public static void Copy(string source, string target, Action<Dictionary<string, string>>? metadata = null, Func<string, byte[], byte[]>? data = null)
    {
        var writer = new SafetensorsWriter();
        using (var reader = SafetensorsReader.Open(source))
        {
            foreach (var (key, value) in reader.Metadata) writer.Metadata[key] = value;
            metadata?.Invoke(writer.Metadata);
            foreach (var (key, info) in reader.Tensors)
            {
                var bytes = reader.ReadBytes(key);
                writer.Add(key, info.DType, info.Shape, data?.Invoke(key, bytes) ?? bytes);
            }
        }
        writer.Save(target);
    }
}
