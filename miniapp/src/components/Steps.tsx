/** A numbered list of instructions (操作说明, the CTID guide): an <ol> on the web. */
import { Text, View } from '@tarojs/components';
import { isWeb } from './platform';

export function Steps({ items }: { items: readonly string[] }) {
  if (isWeb()) {
    return <ol className='steps'>{items.map((item) => <li key={item}>{item}</li>)}</ol>;
  }
  return (
    <View className='steps'>
      {items.map((item, index) => <Text key={item} className='checklist__item'>{`${index + 1}、${item}`}</Text>)}
    </View>
  );
}
