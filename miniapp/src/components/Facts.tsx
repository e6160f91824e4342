/** Read-only facts of the account (证件类型, 证件号码…), as a description list on the web. */
import { Text, View } from '@tarojs/components';
import { isWeb } from './platform';

export function Facts({ rows }: { rows: Array<[string, string]> }) {
  if (isWeb()) {
    return (
      <dl className='facts'>
        {rows.map(([name, value]) => (
          <div key={name} className='facts__row'>
            <dt className='facts__name'>{name}</dt>
            <dd className='facts__value'>{value}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <View className='facts'>
      {rows.map(([name, value]) => (
        <View key={name} className='facts__row'>
          <Text className='facts__name'>{name}</Text>
          <Text className='facts__value'>{value}</Text>
        </View>
      ))}
    </View>
  );
}
