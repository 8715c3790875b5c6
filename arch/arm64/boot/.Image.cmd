savedcmd_/work/main/arch/arm64/boot/Image := aarch64-linux-gnu-objcopy -O binary /work/main/vmlinux /work/main/arch/arm64/boot/Image
