package dev.warden.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BinaryTensorsTest {
    @Test
    void everyNumericDatatypeRoundTripsThroughItsRawBytes() {
        double[] values = {0, 1, 2, 3, 4, 5};
        for (DataType type : DataType.values()) {
            if (type == DataType.BYTES) continue;
            double[] v = type == DataType.BOOL ? new double[] {0, 1, 1, 0, 1, 0} : values;
            Tensor t = Tensor.numeric("x", type, new long[] {2, 3}, v);
            byte[] raw = BinaryTensors.encode(t);
            assertThat(raw).as(type.name()).hasSize(6 * type.byteSize());
            assertThat(BinaryTensors.decode("x", type, new long[] {2, 3}, ByteBuffer.wrap(raw)).values()).as(type.name()).containsExactly(v);
        }
    }

    @Test
    void unsignedAndHalfPrecisionValuesKeepTheirMeaning() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xff).put((byte) 0x80).putShort((short) 0xffff).flip();
        assertThat(BinaryTensors.decode("u", DataType.UINT8, new long[] {2}, b.duplicate().limit(2)).values()).containsExactly(255, 128);
        // IEEE half: 0x3c00 = 1.0, 0xc000 = -2.0, 0x3555 ~ 0.33325, 0x7c00 = +inf
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00).putShort((short) 0xc000)
                .putShort((short) 0x3555).putShort((short) 0x7c00).flip();
        double[] v = BinaryTensors.decode("h", DataType.FP16, new long[] {4}, h).values();
        assertThat(v[0]).isEqualTo(1.0);
        assertThat(v[1]).isEqualTo(-2.0);
        assertThat(v[2]).isCloseTo(0.33325, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(v[3]).isInfinite();
        assertThat(BinaryTensors.floatToHalf(0.33325f)).isEqualTo((short) 0x3555);
        assertThat(BinaryTensors.floatToHalf(0x1p-14f)).isEqualTo((short) 0x0400);
        assertThat(BinaryTensors.floatToHalf(6.1e-5f)).as("just below the smallest normal: subnormal").isEqualTo((short) 0x03ff);
    }

    @Test
    void stringsCarryTheirLengthsAndMalformedOnesAreRefused() {
        Tensor t = Tensor.bytes("s", new long[] {2}, new String[] {"ab", "ünï"});
        byte[] raw = BinaryTensors.encode(t);
        assertThat(BinaryTensors.decode("s", DataType.BYTES, new long[] {2}, ByteBuffer.wrap(raw)).strings()).containsExactly("ab", "ünï");
        byte[] lying = raw.clone();
        lying[0] = 100;
        assertThatThrownBy(() -> BinaryTensors.decode("s", DataType.BYTES, new long[] {2}, ByteBuffer.wrap(lying)))
                .isInstanceOf(OipFormatException.class).hasMessageContaining("declares 100 bytes");
        assertThatThrownBy(() -> BinaryTensors.decode("s", DataType.BYTES, new long[] {1_000_000_000L}, ByteBuffer.wrap(raw)))
                .isInstanceOf(OipFormatException.class).hasMessageContaining("cannot hold 1000000000");
    }

    @Test
    void aTinyBodyDeclaringAHugeTensorIsRefusedBeforeAllocating() {
        assertThatThrownBy(() -> BinaryTensors.decode("x", DataType.FP32, new long[] {1, 300_000_000L}, ByteBuffer.allocate(16)))
                .isInstanceOf(OipFormatException.class).hasMessageContaining("16 bytes of binary data").hasMessageContaining("needs 1200000000");
        assertThatThrownBy(() -> BinaryTensors.decode("x", DataType.FP32, new long[] {4294967296L, 4294967296L}, ByteBuffer.allocate(16)))
                .isInstanceOf(OipFormatException.class).hasMessageContaining("not a valid tensor shape");
        assertThatThrownBy(() -> BinaryTensors.decode("x", DataType.FP32, new long[] {2, -1}, ByteBuffer.allocate(16)))
                .isInstanceOf(OipFormatException.class);
    }
}
