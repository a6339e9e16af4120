using TorchSharp;

namespace UnityVideo.Core.IO;

/// <summary>Bridges safetensors entries and TorchSharp tensors (always via CPU memory).</summary>
public static class SafetensorsTorch
{
    /// <summary>The torch element type of a safetensors dtype.</summary>
    public static torch.ScalarType ToScalarType(this SafetensorsDType d) => d switch
    {
        SafetensorsDType.BOOL => torch.ScalarType.Bool,
        SafetensorsDType.U8 => torch.ScalarType.Byte,
        SafetensorsDType.I8 => torch.ScalarType.Int8,
        SafetensorsDType.I16 => torch.ScalarType.Int16,
        SafetensorsDType.I32 => torch.ScalarType.Int32,
        SafetensorsDType.I64 => torch.ScalarType.Int64,
        SafetensorsDType.F16 => torch.ScalarType.Float16,
        SafetensorsDType.BF16 => torch.ScalarType.BFloat16,
        SafetensorsDType.F32 => torch.ScalarType.Float32,
        SafetensorsDType.F64 => torch.ScalarType.Float64,
        _ => throw new NotSupportedException($"safetensors dtype {d} has no TorchSharp equivalent"),
    };

    /// <summary>The safetensors dtype of a torch element type.</summary>
    public static SafetensorsDType ToSafetensorsDType(this torch.ScalarType t) => t switch
    {
        torch.ScalarType.Bool => SafetensorsDType.BOOL,
        torch.ScalarType.Byte => SafetensorsDType.U8,
        torch.ScalarType.Int8 => SafetensorsDType.I8,
        torch.ScalarType.Int16 => SafetensorsDType.I16,
        torch.ScalarType.Int32 => SafetensorsDType.I32,
        torch.ScalarType.Int64 => SafetensorsDType.I64,
        torch.ScalarType.Float16 => SafetensorsDType.F16,
        torch.ScalarType.BFloat16 => SafetensorsDType.BF16,
        torch.ScalarType.Float32 => SafetensorsDType.F32,
        torch.ScalarType.Float64 => SafetensorsDType.F64,
        _ => throw new NotSupportedException($"torch dtype {t} cannot be stored in safetensors"),
    };

    /// <summary>Reads one tensor into a new CPU tensor of the stored dtype and shape.</summary>
    public static torch.Tensor ReadTensor(this SafetensorsReader reader, string name)
    {
        var info = reader.Get(name);
        var t = torch.empty(info.Shape, info.DType.ToScalarType(), torch.CPU);
        // Straight from the file into the tensor's memory: no managed copy of the data.
        if (info.End > info.Begin) reader.ReadInto(name, t.bytes);
        return t;
    }

    /// <summary>Adds a tensor (copied to contiguous CPU memory) to the writer.</summary>
    public static SafetensorsWriter Add(this SafetensorsWriter writer, string name, torch.Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return writer.Add(name, cpu.dtype.ToSafetensorsDType(), cpu.shape, cpu.bytes.ToArray());
    }
}
