using System.Buffers.Binary;
using System.Text.Json;

namespace UnityVideo.Core.IO;

/// <summary>
/// Collects tensors and metadata, then writes one safetensors file atomically (temp file, flush, rename).
/// The header is padded with spaces to a multiple of 8 bytes, as the reference implementation does, so the
/// file loads with <c>safetensors.torch.load_file</c> in Python.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, SafetensorsDType DType, long[] Shape, byte[] Data)> entries = [];

    /// <summary>String metadata written as <c>__metadata__</c>.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a tensor from raw little-endian bytes.</summary>
    public SafetensorsWriter Add(string name, SafetensorsDType dtype, long[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved.", nameof(name));
        if (entries.Any(e => e.Name == name)) throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        var expected = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
        if (data.LongLength != expected)
            throw new ArgumentException($"Tensor '{name}': {dtype} [{string.Join(", ", shape)}] needs {expected} bytes, got {data.LongLength}.", nameof(data));
        entries.Add((name, dtype, (long[])shape.Clone(), data));
        return this;
    }

    /// <summary>Writes the file atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the file content to a stream.</summary>
    public void WriteTo(Stream output)
    {
        var header = BuildHeader();
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
        output.Write(len);
        output.Write(header);
        foreach (var e in entries) output.Write(e.Data);
    }

    private byte[] BuildHeader()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (Metadata.Count > 0)
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in Metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var e in entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", e.DType.ToString());
                w.WriteStartArray("shape");
                foreach (var d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + e.Data.LongLength);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += e.Data.LongLength;
            }
            w.WriteEndObject();
        }
        var json = ms.ToArray();
        var padded = (json.Length + 7) / 8 * 8;
        var header = new byte[padded];
        json.CopyTo(header, 0);
        header.AsSpan(json.Length).Fill((byte)' ');
        return header;
    }
}
