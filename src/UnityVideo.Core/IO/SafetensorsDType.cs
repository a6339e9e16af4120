namespace UnityVideo.Core.IO;

/// <summary>Element types of the safetensors format, named as in its JSON header.</summary>
public enum SafetensorsDType
{
    /// <summary>bool, one byte.</summary>
    BOOL,
    /// <summary>uint8.</summary>
    U8,
    /// <summary>int8.</summary>
    I8,
    /// <summary>uint16.</summary>
    U16,
    /// <summary>int16.</summary>
    I16,
    /// <summary>uint32.</summary>
    U32,
    /// <summary>int32.</summary>
    I32,
    /// <summary>uint64.</summary>
    U64,
    /// <summary>int64.</summary>
    I64,
    /// <summary>IEEE half.</summary>
    F16,
    /// <summary>bfloat16.</summary>
    BF16,
    /// <summary>IEEE single.</summary>
    F32,
    /// <summary>IEEE double.</summary>
    F64,
}

/// <summary>Sizes of <see cref="SafetensorsDType"/> elements.</summary>
public static class SafetensorsDTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafetensorsDType d) => d switch
    {
        SafetensorsDType.BOOL or SafetensorsDType.U8 or SafetensorsDType.I8 => 1,
        SafetensorsDType.U16 or SafetensorsDType.I16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.U32 or SafetensorsDType.I32 or SafetensorsDType.F32 => 4,
        _ => 8,
    };
}
