package dev.gradc.emit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytecode size of every method of a class file: the {@code code_length} of each method's {@code Code}
 * attribute (JVMS §4.7.3), which is what HotSpot compares with its 8,000-byte limit for compiling a method
 * ({@code -XX:+DontCompileHugeMethods}); and its loops, counted as its backward branches (javac ends every
 * {@code for} and {@code while} with one). Reads the constant pool only to find attribute names.
 */
final class MethodSizes {

    private MethodSizes() {
    }

    /** Method name and descriptor ({@code f(D[D)D}) to its bytecode length; abstract methods are left out. */
    static Map<String, Integer> of(byte[] classFile) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        read(classFile).forEach((name, code) -> sizes.put(name, code.length));
        return sizes;
    }

    /** Method name and descriptor to its number of backward branches; abstract methods are left out. */
    static Map<String, Integer> loops(byte[] classFile) {
        Map<String, Integer> loops = new LinkedHashMap<>();
        read(classFile).forEach((name, code) -> loops.put(name, backwardBranches(code)));
        return loops;
    }

    private static Map<String, byte[]> read(byte[] classFile) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(classFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The branches of a method's bytecode whose target comes before them (JVMS §6.5 for the lengths). */
    static int backwardBranches(byte[] code) {
        int count = 0;
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xFF;
            if (op >= 0x99 && op <= 0xA7 || op == 0xC6 || op == 0xC7) {
                count += (short) (((code[pc + 1] & 0xFF) << 8) | (code[pc + 2] & 0xFF)) < 0 ? 1 : 0;
            } else if (op == 0xC8) {
                count += int4(code, pc + 1) < 0 ? 1 : 0;
            }
            pc += length(code, pc, op);
        }
        return count;
    }

    private static int length(byte[] code, int pc, int op) {
        if (op == 0xAA || op == 0xAB) {
            int at = (pc + 4) & ~3; // the operands start at the next multiple of 4 from the code's start
            if (op == 0xAA) {
                return at - pc + 12 + 4 * (int4(code, at + 8) - int4(code, at + 4) + 1);
            }
            return at - pc + 8 + 8 * int4(code, at + 4);
        }
        if (op == 0xC4) {
            return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
        }
        return op == 0x10 || op == 0x12 || op >= 0x15 && op <= 0x19 || op >= 0x36 && op <= 0x3A || op == 0xA9
                || op == 0xBC ? 2
                : op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || op >= 0x99 && op <= 0xA8
                || op >= 0xB2 && op <= 0xB8 || op == 0xBB || op == 0xBD || op == 0xC0 || op == 0xC1
                || op == 0xC6 || op == 0xC7 ? 3
                : op == 0xC5 ? 4
                : op == 0xB9 || op == 0xBA || op == 0xC8 || op == 0xC9 ? 5
                : 1;
    }

    private static int int4(byte[] code, int at) {
        return (code[at] & 0xFF) << 24 | (code[at + 1] & 0xFF) << 16 | (code[at + 2] & 0xFF) << 8 | (code[at + 3] & 0xFF);
    }

    private static Map<String, byte[]> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        String[] utf8 = constants(in);
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        Map<String, byte[]> sizes = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int code = in.readInt();
                    sizes.put(name, in.readNBytes(code));
                    in.skipNBytes(length - 8L - code);
                } else {
                    in.skipNBytes(length);
                }
            }
        }
        return sizes;
    }

    /** The constant pool; the UTF-8 entries by index, null elsewhere. */
    private static String[] constants(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
        }
    }
}
